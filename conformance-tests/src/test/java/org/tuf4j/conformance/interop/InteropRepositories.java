package org.tuf4j.conformance.interop;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.tuf4j.cli.TufInProcess;
import org.tuf4j.crypto.Signer;
import org.tuf4j.metadata.RoleType;
import org.tuf4j.metadata.SuccinctRoles;
import org.tuf4j.repository.FileSystemStorage;
import org.tuf4j.repository.RepositoryEditor;
import org.tuf4j.repository.RoleKeys;
import org.tuf4j.signer.PemKeys;

/**
 * The repositories tuf4j writes for other clients to read (docs/INTEROP.md): every layout, key
 * scheme and delegation kind tuf4j supports, written once per test JVM with the library
 * ({@link RepositoryEditor}) or the {@code tuf} command (in process), into
 * {@code conformance-tests/target/interop-repositories/}. Each comes with what any client must
 * conclude from it, target by target: found with these exact bytes, or not found.
 *
 * <p>Keys are fixed test keys ({@code conformance-tests/interop/keys/}, PKCS#8 PEM written by
 * OpenSSL), so key ids and the layout are the same on every run; contents are fixed bytes. What
 * changes between runs is the signing time (metadata expires relative to it, since the peers read
 * the wall clock) and the ECDSA and RSA-PSS signatures, which are randomised by design.
 */
public final class InteropRepositories {
  public static final String ED25519 = "ed25519";
  public static final String P256 = "ecdsa-sha2-nistp256";
  public static final String P384 = "ecdsa-sha2-nistp384";
  public static final String RSA = "rsassa-pss-sha256";
  public static final List<String> SCHEMES = List.of(ED25519, P256, P384, RSA);

  /**
   * Who wrote a repository: tuf4j's library or {@code tuf} command, or python-tuf (the
   * equivalents that check a peer's limit is its own, see {@link #pythonTufWritten}).
   */
  public enum Writer { LIBRARY, CLI, PYTHON_TUF }

  /** What the targets metadata looks like. */
  public enum Shape {
    /** Top-level targets only, signed by the {@code targets} role: no delegations. */
    TOP_LEVEL,
    /**
     * Top-level targets plus delegations by paths (nested, terminating), by path hash prefixes,
     * and to TAP 15 succinct hash bins below a delegated role.
     */
    DELEGATIONS,
    /** Every target in TAP 15 succinct hash bins delegated by the top-level targets role. */
    HASH_BINS
  }

  /**
   * One target path and what a client must conclude about it.
   *
   * @param content the bytes the repository holds for it (when some role lists it)
   * @param mustBeFound whether a client must find it (and download exactly {@code content}) or
   *     must not find it
   * @param listedBy the role whose metadata lists the path, or null when none does
   * @param throughDelegation whether looking it up loads a delegated role's metadata (a client
   *     that cannot verify the delegated roles' signatures fails exactly on these)
   * @param why what the target checks (TUF spec section)
   */
  public record ExpectedTarget(String path, byte[] content, boolean mustBeFound, String listedBy,
      boolean throughDelegation, String why) {
    public String sha256() {
      return InteropRepositories.sha256(content);
    }
  }

  /** A repository on disk and what clients must conclude from it. */
  public record Repo(String name, Writer writer, Shape shape, String topScheme,
      String delegatedScheme, boolean consistent, boolean rootRotated, Path dir,
      List<ExpectedTarget> targets) {
    /** The root a client starts from: always version 1. */
    public Path trustedRoot() {
      return dir.resolve("metadata/1.root.json");
    }

    /** The root version a client must end up trusting. */
    public int finalRootVersion() {
      return rootRotated ? 2 : 1;
    }

    public boolean uses(String scheme) {
      return scheme.equals(topScheme) || scheme.equals(delegatedScheme);
    }

    public List<String> paths() {
      return targets.stream().map(ExpectedTarget::path).toList();
    }

    @Override
    public String toString() {
      return name;
    }
  }

  private static final Duration LONG = Duration.ofDays(365);
  private static List<Repo> all;

  private InteropRepositories() {}

  /** Every repository, written on first use (a few seconds) and shared by the test classes. */
  public static synchronized List<Repo> all() {
    if (all == null) {
      try {
        // One directory per test JVM: test classes run in several at once.
        String fork = System.getProperty("tuf4j.testJvm", "");
        all = write(Interop.moduleDir().resolve("target/interop-repositories"
            + (fork.isEmpty() ? "" : "-" + fork)), Instant.now().truncatedTo(ChronoUnit.SECONDS));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (Exception e) {
        throw new IllegalStateException("writing the interop repositories failed", e);
      }
    }
    return all;
  }

  public static Stream<Repo> withShape(Shape shape) {
    return all().stream().filter(r -> r.shape() == shape);
  }

  public static Stream<Repo> withDelegations() {
    return all().stream().filter(r -> r.shape() != Shape.TOP_LEVEL);
  }

  public static Repo named(String name) {
    return all().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
  }

  /** Writes one repository. */
  private interface Job {
    Repo write() throws Exception;
  }

  /**
   * The repositories, written two at a time (the machine has two cores; the writes are mostly
   * signing and fsync): what each covers is in its name; docs/INTEROP.md has the table.
   */
  static List<Repo> write(Path base, Instant now) throws Exception {
    deleteTree(base);
    Files.createDirectories(base);
    List<Job> jobs = new ArrayList<>();
    for (String scheme : SCHEMES) {
      jobs.add(() -> library(base, "library-top-level-" + scheme, Shape.TOP_LEVEL, scheme, null,
          true, true, now));
    }
    for (String scheme : SCHEMES) {
      jobs.add(() -> library(base, "library-delegations-" + scheme, Shape.DELEGATIONS, ED25519,
          scheme, true, false, now));
    }
    jobs.add(() -> library(base, "library-top-level-plain", Shape.TOP_LEVEL, ED25519, null,
        false, true, now));
    jobs.add(() -> library(base, "library-delegations-plain", Shape.DELEGATIONS, ED25519,
        ED25519, false, false, now));
    jobs.add(() -> cli(base, "cli-top-level", Shape.TOP_LEVEL, P256, null, true, true, now));
    jobs.add(() -> cli(base, "cli-delegations", Shape.DELEGATIONS, ED25519, ED25519, true, false,
        now));
    jobs.add(() -> cli(base, "cli-hash-bins-plain", Shape.HASH_BINS, ED25519, RSA, false, true,
        now));
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      // The slowest (the tuf command ones, last in the list) start first, so that the two
      // threads finish together; the result keeps the list's order.
      List<Future<Repo>> running = new ArrayList<>();
      for (int i = jobs.size() - 1; i >= 0; i--) {
        running.add(0, pool.submit(jobs.get(i)::write));
      }
      List<Repo> out = new ArrayList<>();
      for (Future<Repo> f : running) {
        try {
          out.add(f.get());
        } catch (ExecutionException e) {
          throw e.getCause() instanceof Exception cause ? cause : e;
        }
      }
      return List.copyOf(out);
    } finally {
      pool.shutdownNow();
      pool.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES);
      deleteTree(base.resolve(SCRATCH));
    }
  }

  // ---------------------------------------------------------------- what the repositories hold

  /** Name prefix of the hash bins below {@code pkgs} (DELEGATIONS) and of the top-level bins. */
  static final String PKGS_BINS = "pkgs-bin";
  static final String TOP_BINS = "bin";
  static final int PKGS_BIN_BITS = 2;
  static final int TOP_BIN_BITS = 3;
  /** The path whose SHA-256 prefix the {@code h} role is delegated. */
  static final String HASHED_PATH = "h/in.txt";
  static final int HASH_PREFIX_LENGTH = 4;

  /** The fixed bytes of a target path (the same in every repository). */
  static byte[] content(String path) {
    if (path.endsWith(".bin")) {
      byte[] b = new byte[64 * 1024 + 17]; // several reads, not a round size
      new Random(path.hashCode()).nextBytes(b);
      return b;
    }
    return ("tuf4j interop target " + path + "\n").getBytes(UTF_8);
  }

  /** The hash prefix delegated to role {@code h}: the start of sha256({@value #HASHED_PATH}). */
  static String hashPrefix() {
    return sha256(HASHED_PATH.getBytes(UTF_8)).substring(0, HASH_PREFIX_LENGTH);
  }

  private static ExpectedTarget found(String path, String role, boolean delegated, String why) {
    return new ExpectedTarget(path, content(path), true, role, delegated, why);
  }

  private static ExpectedTarget absent(String path, String listedBy, boolean delegated,
      String why) {
    return new ExpectedTarget(path, content(path), false, listedBy, delegated, why);
  }

  static List<ExpectedTarget> expected(Shape shape) {
    List<ExpectedTarget> t = new ArrayList<>();
    if (shape != Shape.HASH_BINS) {
      t.add(found("hello.txt", "targets", false, "top-level target without a directory §5.7"));
      t.add(found("top/readme.txt", "targets", false, "top-level target §5.7"));
      t.add(found("top/firmware.bin", "targets", false, "65 KiB top-level target §5.7.3"));
      t.add(absent("top/missing.txt", null, false, "listed nowhere §5.6.7"));
    }
    if (shape == Shape.DELEGATIONS) {
      t.add(found("a/one.txt", "a", true, "delegation by paths §5.6.7.2"));
      t.add(found("a/deep/two.txt", "a-deep", true, "nested delegation a → a-deep §5.6.7.2"));
      t.add(found("t/listed.txt", "t", true, "terminating delegation §5.6.7.2.1"));
      t.add(absent("t/unlisted.txt", "t-shadowed", true,
          "listed only by a role after terminating t, which must not be searched §5.6.7.2.1"));
      t.add(found(HASHED_PATH, "h", true, "delegation by path_hash_prefixes §4.5"));
      for (int i = 0; i < 6; i++) {
        t.add(found("pkgs/p" + i + ".tgz", PKGS_BINS, true,
            "TAP 15 succinct hash bins below delegated role pkgs"));
      }
      t.add(absent("pkgs/absent.tgz", null, true, "its hash bin does not list it (TAP 15)"));
    }
    if (shape == Shape.HASH_BINS) {
      t.add(found("hello.txt", TOP_BINS, true, "TAP 15 hash bin of the top-level role"));
      for (int i = 0; i < 8; i++) {
        t.add(found("pkgs/p" + i + ".tgz", TOP_BINS, true,
            "TAP 15 hash bins of the top-level role"));
      }
      t.add(absent("pkgs/absent.tgz", null, true, "its hash bin does not list it (TAP 15)"));
    }
    checkHashPrefixCoversOnly(t);
    return List.copyOf(t);
  }

  /** Role h must be trusted for {@value #HASHED_PATH} alone among the paths clients look up. */
  private static void checkHashPrefixCoversOnly(List<ExpectedTarget> targets) {
    String prefix = hashPrefix();
    for (ExpectedTarget t : targets) {
      boolean covered = sha256(t.path().getBytes(UTF_8)).startsWith(prefix);
      if (covered != t.path().equals(HASHED_PATH)) {
        throw new IllegalStateException("hash prefix " + prefix + " covers " + t.path());
      }
    }
  }

  // ---------------------------------------------------------------- keys

  /** The fixed test keys of one scheme: root-1, root-2, targets, snapshot, timestamp, ... */
  static final class Keys {
    final String scheme;
    final Map<String, Signer> signers = new TreeMap<>();

    Keys(String scheme) throws Exception {
      this.scheme = scheme;
      for (String name : List.of("root-1", "root-2", "targets", "snapshot", "timestamp",
          "delegated-1", "delegated-2")) {
        signers.put(name, PemKeys.read(file(name), null));
      }
    }

    Path file(String name) {
      return Interop.interopDir().resolve("keys").resolve(scheme).resolve(name + ".pem");
    }

    Signer signer(String name) {
      return signers.get(name);
    }

    RoleKeys roleKeys(String name) {
      return RoleKeys.of(PemKeys.publicKey(signer(name)));
    }

    String keyId(String name) {
      return PemKeys.publicKey(signer(name)).computeKeyId();
    }
  }

  private static final Map<String, Keys> KEYS = new ConcurrentHashMap<>();

  static Keys keys(String scheme) {
    return KEYS.computeIfAbsent(scheme, s -> {
      try {
        return new Keys(s);
      } catch (Exception e) {
        throw new IllegalStateException("cannot read the " + s + " test keys", e);
      }
    });
  }

  // ---------------------------------------------------------------- the library writer

  private static Repo library(Path base, String name, Shape shape, String topScheme,
      String delegatedScheme, boolean consistent, boolean rotate, Instant now) throws Exception {
    Path dir = base.resolve(name);
    Clock clock = Clock.fixed(now, ZoneOffset.UTC);
    FileSystemStorage storage = FileSystemStorage.open(dir);
    Keys top = keys(topScheme);
    Map<RoleType, RoleKeys> roles = new EnumMap<>(RoleType.class);
    roles.put(RoleType.ROOT, top.roleKeys("root-1"));
    roles.put(RoleType.TARGETS, top.roleKeys("targets"));
    roles.put(RoleType.SNAPSHOT, top.roleKeys("snapshot"));
    roles.put(RoleType.TIMESTAMP, top.roleKeys("timestamp"));
    List<ExpectedTarget> expected = expected(shape);

    // Release 1: root v1 and the top-level targets.
    RepositoryEditor editor = longExpiry(RepositoryEditor.create(storage, clock, roles,
        consistent));
    for (ExpectedTarget t : expected) {
      if ("targets".equals(t.listedBy())) {
        editor.targets().addTarget("targets", t.path(), t.content(), Optional.empty());
      }
    }
    editor.stage(List.of(top.signer("root-1"), top.signer("targets"), top.signer("snapshot"),
        top.signer("timestamp"))).publish();

    // Release 2: the delegations and their targets.
    if (shape != Shape.TOP_LEVEL) {
      Keys del = keys(delegatedScheme);
      editor = longExpiry(RepositoryEditor.open(storage, clock));
      RoleKeys d1 = del.roleKeys("delegated-1");
      RoleKeys d2 = del.roleKeys("delegated-2");
      if (shape == Shape.DELEGATIONS) {
        editor.delegations().delegate("targets", "a", d1, Optional.of(List.of("a/*", "a/deep/*")),
            Optional.empty(), false);
        editor.delegations().delegate("a", "a-deep", d2, Optional.of(List.of("a/deep/*")),
            Optional.empty(),
            false);
        editor.delegations().delegate("targets", "t", d1, Optional.of(List.of("t/*")),
            Optional.empty(), true);
        editor.delegations().delegate("targets", "t-shadowed", d2, Optional.of(List.of("t/*")),
            Optional.empty(), false);
        editor.delegations().delegate("targets", "h", d1, Optional.empty(),
            Optional.of(List.of(hashPrefix())),
            false);
        editor.delegations().delegate("targets", "pkgs", d2, Optional.of(List.of("pkgs/*")),
            Optional.empty(),
            false);
        editor.delegations().delegateHashBins("pkgs", PKGS_BIN_BITS, PKGS_BINS, d1);
      } else {
        editor.delegations().delegateHashBins("targets", TOP_BIN_BITS, TOP_BINS, d1);
      }
      for (ExpectedTarget t : expected) {
        if (t.listedBy() != null && !"targets".equals(t.listedBy())) {
          editor.targets().addTarget(listingRole(t, d1), t.path(), t.content(), Optional.empty());
        }
      }
      editor.stage(List.of(top.signer("targets"), top.signer("snapshot"),
          top.signer("timestamp"), del.signer("delegated-1"), del.signer("delegated-2")))
          .publish();
    }

    // Release 3: root v2, root-1 replaced by root-2 (signed by both, §5.3.4).
    if (rotate) {
      editor = longExpiry(RepositoryEditor.open(storage, clock));
      editor.keys().addKey(RoleType.ROOT, PemKeys.publicKey(top.signer("root-2")));
      editor.keys().revokeKey(RoleType.ROOT, top.keyId("root-1"));
      editor.stage(List.of(top.signer("root-1"), top.signer("root-2"), top.signer("snapshot"),
          top.signer("timestamp"))).publish();
    }
    return new Repo(name, Writer.LIBRARY, shape, topScheme, delegatedScheme, consistent, rotate,
        dir, expected);
  }

  /** The role that lists {@code t}: for hash bins, the bin of its path. */
  private static String listingRole(ExpectedTarget t, RoleKeys binKeys) {
    if (PKGS_BINS.equals(t.listedBy())) {
      return new SuccinctRoles(binKeys.keyIds(), 1, PKGS_BIN_BITS, PKGS_BINS, Map.of())
          .roleNameFor(t.path());
    }
    if (TOP_BINS.equals(t.listedBy())) {
      return new SuccinctRoles(binKeys.keyIds(), 1, TOP_BIN_BITS, TOP_BINS, Map.of())
          .roleNameFor(t.path());
    }
    return t.listedBy();
  }

  private static RepositoryEditor longExpiry(RepositoryEditor editor) {
    for (String role : List.of("root", "targets", "snapshot", "timestamp")) {
      editor.policy().setExpiryPeriod(role, LONG);
    }
    return editor;
  }

  // ---------------------------------------------------------------- the tuf command

  private static final String SCRATCH = "scratch";

  private static Repo cli(Path base, String name, Shape shape, String topScheme,
      String delegatedScheme, boolean consistent, boolean rotate, Instant now) throws Exception {
    Path dir = base.resolve(name);
    Path scratch = base.resolve(SCRATCH).resolve(name);
    String time = now.toString();
    Keys top = keys(topScheme);
    List<ExpectedTarget> expected = expected(shape);

    List<String> init = new ArrayList<>(List.of("init", dir.toString(), "--keys",
        scratch.resolve("keys").toString(), "--time", time));
    for (String role : List.of("root", "targets", "snapshot", "timestamp")) {
      init.add("--use-key");
      init.add(role + "=" + top.file(role.equals("root") ? "root-1" : role));
    }
    if (!consistent) {
      init.add("--plain");
    }
    tuf(init);

    List<String> keyArgs = new ArrayList<>();
    for (String k : List.of("targets", "snapshot", "timestamp")) {
      keyArgs.add("-k");
      keyArgs.add(top.file(k).toString());
    }
    keyArgs.add("--time");
    keyArgs.add(time);
    // The tuf command refuses a -k key that no role trusts (yet): each delegated key is given
    // from the command that delegates to it on.
    Keys del = delegatedScheme == null ? null : keys(delegatedScheme);
    List<String> withD1 = new ArrayList<>(keyArgs);
    List<String> withBoth = new ArrayList<>(keyArgs);
    if (del != null) {
      withD1.addAll(List.of("-k", del.file("delegated-1").toString()));
      withBoth.addAll(List.of("-k", del.file("delegated-1").toString(), "-k",
          del.file("delegated-2").toString()));
    }

    if (shape == Shape.DELEGATIONS) {
      String d1 = del.file("delegated-1").toString();
      String d2 = del.file("delegated-2").toString();
      tuf(withD1, "delegate", dir.toString(), "--to", "a", "--paths", "a/*,a/deep/*",
          "--role-key", d1);
      keyArgs = withBoth;
      tuf(keyArgs, "delegate", dir.toString(), "--from", "a", "--to", "a-deep", "--paths",
          "a/deep/*", "--role-key", d2);
      tuf(keyArgs, "delegate", dir.toString(), "--to", "t", "--paths", "t/*", "--terminating",
          "--role-key", d1);
      tuf(keyArgs, "delegate", dir.toString(), "--to", "t-shadowed", "--paths", "t/*",
          "--role-key", d2);
      tuf(keyArgs, "delegate", dir.toString(), "--to", "h", "--hash-prefixes", hashPrefix(),
          "--role-key", d1);
      tuf(keyArgs, "delegate", dir.toString(), "--to", "pkgs", "--paths", "pkgs/*",
          "--role-key", d2);
      tuf(keyArgs, "delegate", dir.toString(), "--from", "pkgs", "--bins",
          String.valueOf(PKGS_BIN_BITS), "--bin-prefix", PKGS_BINS, "--role-key", d1);
    } else if (shape == Shape.HASH_BINS) {
      keyArgs = withD1;
      tuf(keyArgs, "delegate", dir.toString(), "--bins", String.valueOf(TOP_BIN_BITS),
          "--bin-prefix", TOP_BINS, "--role-key", del.file("delegated-1").toString());
    }

    // The targets of each listing role: a directory tree added in one command (names are the
    // paths relative to it). Hash bins of the top-level role are found by the command itself.
    Map<String, Path> trees = new LinkedHashMap<>();
    for (ExpectedTarget t : expected) {
      if (t.listedBy() == null) {
        continue;
      }
      String role = shape == Shape.HASH_BINS ? TOP_BINS
          : listingRole(t, del == null ? null : del.roleKeys("delegated-1"));
      Path tree = trees.computeIfAbsent(role, r -> scratch.resolve("content").resolve(r));
      Path file = tree.resolve(t.path());
      Files.createDirectories(file.getParent());
      Files.write(file, t.content());
    }
    for (Map.Entry<String, Path> e : trees.entrySet()) {
      if (shape == Shape.HASH_BINS) {
        tuf(keyArgs, "target", "add", dir.toString(), e.getValue().toString());
      } else {
        tuf(keyArgs, "target", "add", dir.toString(), e.getValue().toString(), "--role",
            e.getKey());
      }
    }

    if (rotate) {
      tuf(List.of("-k", top.file("root-1").toString(), "-k", top.file("root-2").toString(),
          "-k", top.file("snapshot").toString(), "-k", top.file("timestamp").toString(),
          "--time", time), "root", "rotate", dir.toString(), "--add-key",
          top.file("root-2").toString(), "--remove-key", top.keyId("root-1"));
    }
    return new Repo(name, Writer.CLI, shape, topScheme, delegatedScheme, consistent, rotate, dir,
        expected);
  }

  private static void tuf(List<String> args) {
    TufInProcess.Run run = TufInProcess.tuf(args.toArray(String[]::new));
    // Every command must publish: a staged release means a key was missing here.
    if (run.exit() != 0 || run.out().contains("staged")) {
      throw new IllegalStateException("tuf " + String.join(" ", args) + "\n" + run);
    }
  }

  private static void tuf(List<String> options, String... command) {
    List<String> args = new ArrayList<>(List.of(command));
    args.addAll(options);
    tuf(args);
  }

  // ---------------------------------------------------------------- python-tuf's equivalents

  /**
   * A repository python-tuf's Metadata API writes (interop/python-tuf/write_repository.py): the
   * equivalent, for one feature, of a tuf4j-written one, to check that a peer failing on tuf4j's
   * fails the same way on python-tuf's. Top-level target {@code hello.txt}; with {@code
   * delegatedScheme}, {@code a/one.txt} in role {@code a}. Needs python-tuf (the caller checks
   * with {@link Readers#requirePythonTuf()}).
   */
  static Repo pythonTufWritten(Path dir, String topScheme, String delegatedScheme,
      boolean consistent) throws IOException {
    deleteTree(dir);
    List<String> command = new ArrayList<>(List.of(Readers.python(),
        Interop.interopDir().resolve("python-tuf/write_repository.py").toString(),
        "--dir", dir.toString(), "--keys", Interop.interopDir().resolve("keys").toString(),
        "--top-scheme", topScheme));
    if (delegatedScheme != null) {
      command.addAll(List.of("--delegated-scheme", delegatedScheme));
    }
    if (!consistent) {
      command.add("--plain");
    }
    Interop.Result r = Interop.run(command, Interop.moduleDir(), Readers.pythonEnv(),
        Duration.ofSeconds(60));
    if (r.exit() != 0) {
      throw new IllegalStateException("python-tuf could not write the repository: "
          + r.describe());
    }
    List<ExpectedTarget> expected = new ArrayList<>();
    expected.add(found("hello.txt", "targets", false, "top-level target §5.7"));
    if (delegatedScheme != null) {
      expected.add(found("a/one.txt", "a", true, "delegation by paths §5.6.7.2"));
    }
    return new Repo("python-tuf-" + dir.getFileName(), Writer.PYTHON_TUF,
        delegatedScheme == null ? Shape.TOP_LEVEL : Shape.DELEGATIONS, topScheme,
        delegatedScheme, consistent, false, dir, List.copyOf(expected));
  }

  // ---------------------------------------------------------------- helpers

  static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }
}
