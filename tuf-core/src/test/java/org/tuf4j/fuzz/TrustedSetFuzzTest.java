package org.tuf4j.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tuf4j.TufException;
import org.tuf4j.client.TrustOptions;
import org.tuf4j.client.TrustedMetadataSet;
import org.tuf4j.client.TrustedMetadataSet.TimestampUpdate;
import org.tuf4j.client.UpdaterConfig;
import org.tuf4j.crypto.CryptoBackends;
import org.tuf4j.crypto.Signer;
import org.tuf4j.metadata.DelegatedRole;
import org.tuf4j.metadata.Delegations;
import org.tuf4j.metadata.Key;
import org.tuf4j.metadata.MetaFile;
import org.tuf4j.metadata.RoleMetadata;
import org.tuf4j.metadata.RoleType;
import org.tuf4j.metadata.Root;
import org.tuf4j.metadata.Signed;
import org.tuf4j.metadata.Snapshot;
import org.tuf4j.metadata.Targets;
import org.tuf4j.metadata.Timestamp;
import org.tuf4j.testing.RepositorySimulator;

/**
 * {@link TrustedMetadataSet} as a state machine: random sequences of root updates, local
 * timestamp and snapshot floors, timestamp, snapshot, top-level and delegated targets updates and
 * per-delegation lookups, each given a file from one repository's history — valid, stale (an
 * older version), replayed (a file accepted before), out of order (the wrong step or the wrong
 * role type), tampered (a byte of {@code signed} changed) or signed by a key nobody trusts — and
 * checked against {@link Model}, which says what must be trusted after each step. A step the
 * model rejects must throw a {@link TufException} (or {@link IllegalStateException} where the
 * model names a programming-order error) and leave every getter as it was; a step the model
 * accepts must return what it says, and the getters must show it.
 *
 * <p>The history (built once): root v1–v4 (v2 rotates the timestamp key, v4 has expired),
 * timestamps v1–v8 (v6 has expired), snapshots v1–v5 (v5 has expired), targets v1–v3, and
 * delegated roles {@code d} (from targets) and {@code e} in a diamond: {@code d} delegates
 * {@code e} with the key that signs it, targets delegates {@code e} with another key.
 */
class TrustedSetFuzzTest {
  private static final Instant NOW = Instant.parse("2030-06-01T12:00:00Z");
  private static final History HISTORY = new History();

  @FuzzTest(maxDuration = "10m")
  void trustedSetStateMachine(FuzzedDataProvider data) throws Exception {
    File start = data.pickValue(List.of(HISTORY.root(1), HISTORY.root(2)));
    List<Step> steps = new ArrayList<>();
    for (int i = data.consumeInt(1, 20); i > 0 && data.remainingBytes() > 0; i--) {
      int op = data.consumeInt(0, 7);
      File file = pickFile(data, op);
      if (data.consumeInt(0, 7) == 0) {
        file = file.tampered(data.consumeInt(0, Integer.MAX_VALUE), data.consumeByte());
      }
      steps.add(new Step(op, file, data.pickValue(List.of("d", "e")),
          data.pickValue(List.of("targets", "d", "e"))));
    }
    run(start, steps);
  }

  /** The happy path and the diamond, step by step: what the model must agree with. */
  @Test
  void modelAgreesOnARefreshThroughTheDiamond() throws Exception {
    List<Object> outcomes = run(HISTORY.root(1), List.of(
        new Step(0, HISTORY.file("root-v2"), "d", "targets"),
        new Step(0, HISTORY.file("root-v3"), "d", "targets"),
        new Step(1, HISTORY.file("timestamp-v3"), "d", "targets"), // keys rotated since v1
        new Step(2, HISTORY.file("timestamp-v7"), "d", "targets"),
        new Step(4, HISTORY.file("snapshot-v4"), "d", "targets"),
        new Step(5, HISTORY.file("targets-v3"), "d", "targets"),
        new Step(6, HISTORY.file("e-v1"), "e", "targets"), // targets' key for e did not sign it
        new Step(6, HISTORY.file("d-v2"), "d", "targets"),
        new Step(6, HISTORY.file("e-v1"), "e", "d"),
        new Step(7, null, "e", "targets"),
        new Step(7, null, "e", "d")));
    assertEquals(List.of("accepted", "accepted", Model.ORDER_ERROR, TimestampUpdate.UPDATED,
        "accepted", "accepted", Model.REJECTED, "accepted", "accepted", Model.REJECTED, "present"),
        outcomes.stream().map(o -> o instanceof Signed<?> || o instanceof Optional<?> opt
            && opt.isPresent() ? (o instanceof Signed<?> ? "accepted" : "present") : o).toList());
  }

  /** One call on the set: {@code op} as in {@link #run}, with its file and role names. */
  record Step(int op, File file, String role, String delegator) {
    @Override
    public String toString() {
      return switch (op) {
        case 0 -> "updateRoot(" + file + ")";
        case 1 -> "loadLocalTimestamp(" + file + ")";
        case 2 -> "updateTimestamp(" + file + ")";
        case 3 -> "loadLocalSnapshot(" + file + ")";
        case 4 -> "updateSnapshot(" + file + ")";
        case 5 -> "updateTargets(" + file + ")";
        case 6 -> "updateDelegatedTargets(" + file + ", " + role + ", " + delegator + ")";
        default -> "delegatedTargets(" + role + ", " + delegator + ")";
      };
    }
  }

  /** Runs {@code steps} on a set and on the model; returns the outcomes, which must agree. */
  private static List<Object> run(File start, List<Step> steps) throws Exception {
    TrustedMetadataSet set = TrustedMetadataSet.fromTrustedRoot(start.bytes, TrustOptions.at(NOW)
        .withBackend(CryptoBackends.defaultBackend()).withBounds(UpdaterConfig.defaults()));
    Model model = new Model(start);
    List<String> log = new ArrayList<>();
    List<Object> outcomes = new ArrayList<>();
    log.add("start " + start);
    for (Step s : steps) {
      log.add(s.toString());
      String context = "\nsteps:\n  " + String.join("\n  ", log);
      File file = s.file;
      Object expected = switch (s.op) {
        case 0 -> model.updateRoot(file);
        case 1 -> model.loadLocalTimestamp(file);
        case 2 -> model.updateTimestamp(file);
        case 3 -> model.loadLocalSnapshot(file);
        case 4 -> model.updateSnapshot(file);
        case 5 -> model.updateDelegatedTargets(file, "targets", null);
        case 6 -> model.updateDelegatedTargets(file, s.role, s.delegator);
        default -> model.delegatedTargets(s.role, s.delegator);
      };
      Object actual;
      try {
        actual = switch (s.op) {
          case 0 -> set.updateRoot(file.bytes);
          case 1 -> {
            set.loadLocalTimestamp(file.bytes);
            yield Model.ACCEPTED;
          }
          case 2 -> set.updateTimestamp(file.bytes);
          case 3 -> set.loadLocalSnapshot(file.bytes);
          case 4 -> set.updateSnapshot(file.bytes);
          case 5 -> set.updateTargets(file.bytes);
          case 6 -> set.updateDelegatedTargets(file.bytes, s.role, s.delegator);
          default -> set.delegatedTargets(s.role, s.delegator);
        };
      } catch (TufException e) {
        actual = Model.REJECTED;
        log.add("  -> " + e);
      } catch (IllegalStateException e) {
        actual = Model.ORDER_ERROR;
        log.add("  -> " + e);
      }
      assertEquals(expected, actual, "outcome of the last step" + context);
      model.assertSame(set, context);
      outcomes.add(actual);
    }
    return outcomes;
  }

  private static File pickFile(FuzzedDataProvider data, int op) {
    List<File> pool = switch (data.consumeInt(0, 3) == 0 ? -1 : op) {
      case 0 -> HISTORY.byRole("root");
      case 1, 2 -> HISTORY.byRole("timestamp");
      case 3, 4 -> HISTORY.byRole("snapshot");
      case 5 -> HISTORY.byRole("targets");
      case 6 -> data.consumeBoolean() ? HISTORY.byRole("d") : HISTORY.byRole("e");
      default -> HISTORY.files;
    };
    return data.pickValue(pool);
  }

  /** One metadata file of the history, with its structure as written. */
  static final class File {
    final String name;
    final String role;
    final byte[] bytes;
    final Signed<? extends RoleMetadata> signed;
    final boolean tampered;

    File(String name, String role, byte[] bytes, boolean tampered) {
      this.name = name;
      this.role = role;
      this.bytes = bytes;
      this.tampered = tampered;
      try {
        this.signed = tampered ? null : Signed.parseAny(bytes);
      } catch (TufException e) {
        throw new IllegalStateException(e);
      }
    }

    /** A copy with one byte of the {@code signed} value changed (signatures cover it). */
    File tampered(int position, byte xor) {
      byte[] copy = bytes.clone();
      int start = indexOf(copy, "\"signed\":".getBytes(StandardCharsets.UTF_8)) + 9;
      int at = start + Math.floorMod(position, copy.length - start);
      copy[at] ^= (byte) (xor == 0 ? 1 : xor);
      return new File(name + "~tampered@" + at, role, copy, true);
    }

    <T extends RoleMetadata> T as(Class<T> type) {
      return tampered || !type.isInstance(signed.signed()) ? null : type.cast(signed.signed());
    }

    Set<String> signedBy() {
      Set<String> ids = new HashSet<>();
      signed.signatures().forEach(s -> ids.add(s.keyId()));
      return ids;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new IllegalStateException("no \"signed\" member");
  }

  /** The files of one repository's history, named ROLE-vVERSION (and variants). */
  static final class History {
    final List<File> files = new ArrayList<>();

    History() {
      RepositorySimulator sim = RepositorySimulator.builder().now(NOW)
          .lengthAndHashesInTimestamp(true).build();
      Signer stranger = sim.newSigner();
      record(sim);
      sim.delegate("targets", "d", List.of("d/*"), false);
      sim.delegate("d", "e", List.of("d/*"), false);
      Signer other = sim.newSigner();
      String otherId = RepositorySimulator.keyIdOf(other);
      sim.updateTargets("targets", t -> withDelegation(t, new DelegatedRole("e", List.of(otherId),
          1, Optional.of(false), Optional.of(List.of("d/*")), Optional.empty(), Map.of()),
          otherId, RepositorySimulator.keyOf(other)));
      sim.addTarget("d", "d/x", new byte[] {1});
      sim.addTarget("e", "d/y", new byte[] {2});
      sim.publish();
      record(sim);
      sim.addTarget("d", "d/z", new byte[] {3});
      sim.publish();
      record(sim);
      sim.rotateKeys("timestamp");
      sim.publish();
      record(sim);
      sim.addTarget("targets", "t/1", new byte[] {4});
      sim.touch("root");
      sim.publish();
      record(sim);
      sim.setExpires("timestamp", NOW.minus(Duration.ofDays(1)));
      sim.publish();
      record(sim);
      sim.setExpires("timestamp", sim.defaultExpires());
      sim.publish();
      record(sim);
      sim.setExpires("snapshot", NOW.minus(Duration.ofDays(1)));
      sim.publish();
      record(sim);
      sim.setExpires("root", NOW.minus(Duration.ofDays(1)));
      sim.publishRoot();
      record(sim);
      // Signed by a key no role lists: the latest of each role, and root v2.
      for (File f : List.copyOf(files)) {
        boolean latest = files.stream().noneMatch(g -> g.role.equals(f.role)
            && g.signed.signed().version() > f.signed.signed().version());
        if (latest || f.name.equals("root-v2")) {
          byte[] bytes = RepositorySimulator.sign(f.signed.signed(),
              Map.of(RepositorySimulator.keyIdOf(stranger), stranger)).toBytes();
          files.add(new File(f.name + "-by-stranger", f.role, bytes, false));
        }
      }
    }

    private void record(RepositorySimulator sim) {
      add("root", sim.signedRoot().toBytes());
      add("timestamp", sim.signedTimestamp().toBytes());
      add("snapshot", sim.signedSnapshot().toBytes());
      for (String role : sim.targetsRoles()) {
        add(role, sim.signedTargets(role).toBytes());
      }
    }

    private void add(String role, byte[] bytes) {
      File f = new File(role, role, bytes, false);
      String name = role + "-v" + f.signed.signed().version();
      if (files.stream().noneMatch(g -> g.name.equals(name))) {
        files.add(new File(name, role, bytes, false));
      }
    }

    File root(long version) {
      return file("root-v" + version);
    }

    File file(String name) {
      return files.stream().filter(f -> f.name.equals(name)).findFirst().orElseThrow();
    }

    List<File> byRole(String role) {
      return files.stream().filter(f -> f.role.equals(role)).toList();
    }

    private static Targets withDelegation(Targets t, DelegatedRole role, String keyId, Key key) {
      Delegations d = t.delegations().orElseThrow();
      Map<String, Key> keys = new LinkedHashMap<>(d.keys());
      keys.put(keyId, key);
      List<DelegatedRole> roles = new ArrayList<>(d.roles().orElseThrow());
      roles.add(role);
      return new Targets(t.specVersion(), t.version(), t.expires(), t.targets(),
          Optional.of(new Delegations(keys, Optional.of(roles), Optional.empty(),
              d.unrecognizedFields())), t.unrecognizedFields());
    }
  }

  /**
   * What must be trusted: TUF spec §5.3–§5.6 written out over the files' structure, in the order
   * the set's contract gives (programming-order errors first, then the file).
   */
  static final class Model {
    static final String ACCEPTED = "accepted";
    static final String REJECTED = "rejected (TufException)";
    static final String ORDER_ERROR = "IllegalStateException";

    private final File initialRoot;
    private File root;
    private File timestampFloor;
    private File timestamp;
    private File snapshotFloor;
    private File snapshot;
    private final Map<String, File> targets = new LinkedHashMap<>();
    private final Map<List<String>, File> edges = new LinkedHashMap<>();

    Model(File start) {
      this.initialRoot = start;
      this.root = start;
    }

    private Root rootModel() {
      return root.as(Root.class);
    }

    /** A threshold of the keys {@code role} assigns signed {@code f} (none of the keys here fail). */
    private static boolean signedBy(File f, org.tuf4j.metadata.Role role) {
      Set<String> ids = f.signedBy();
      ids.retainAll(role.keyIds());
      return ids.size() >= role.threshold();
    }

    private static boolean expired(RoleMetadata m) {
      return !m.expires().isAfter(NOW);
    }

    private static boolean matches(MetaFile meta, byte[] bytes) {
      if (meta.length().isPresent() && meta.length().getAsLong() != bytes.length) {
        return false;
      }
      for (Map.Entry<String, String> h : meta.hashes().entrySet()) {
        try {
          String algorithm = h.getKey().equals("sha256") ? "SHA-256" : "SHA-512";
          if (!HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes))
              .equals(h.getValue())) {
            return false;
          }
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
      return true;
    }

    boolean rotated() {
      for (RoleType type : List.of(RoleType.TIMESTAMP, RoleType.SNAPSHOT)) {
        Root a = initialRoot.as(Root.class);
        Root b = rootModel();
        if (!new HashSet<>(a.role(type).keyIds()).equals(new HashSet<>(b.role(type).keyIds()))
            || a.role(type).threshold() != b.role(type).threshold()) {
          return true;
        }
        for (String id : a.role(type).keyIds()) {
          if (!Objects.equals(a.keys().get(id), b.keys().get(id))) {
            return true;
          }
        }
      }
      return false;
    }

    Object updateRoot(File f) {
      if (timestamp != null || timestampFloor != null || !targets.isEmpty()) {
        return ORDER_ERROR;
      }
      Root next = f.as(Root.class);
      if (next == null || !signedBy(f, rootModel().role(RoleType.ROOT))
          || !signedBy(f, next.role(RoleType.ROOT))
          || next.version() != rootModel().version() + 1) {
        return REJECTED;
      }
      root = f;
      return f.signed;
    }

    Object loadLocalTimestamp(File f) {
      if (timestamp != null || !targets.isEmpty() || timestampFloor != null || rotated()) {
        return ORDER_ERROR;
      }
      if (f.as(Timestamp.class) == null || !signedBy(f, rootModel().role(RoleType.TIMESTAMP))) {
        return REJECTED;
      }
      timestampFloor = f;
      return ACCEPTED;
    }

    Object updateTimestamp(File f) {
      if (timestamp != null || !targets.isEmpty()) {
        return ORDER_ERROR;
      }
      Timestamp next = f.as(Timestamp.class);
      if (expired(rootModel()) || next == null
          || !signedBy(f, rootModel().role(RoleType.TIMESTAMP))) {
        return REJECTED;
      }
      if (timestampFloor != null) {
        Timestamp floor = timestampFloor.as(Timestamp.class);
        if (next.version() < floor.version()
            || next.snapshotMeta().version() < floor.snapshotMeta().version()) {
          return REJECTED;
        }
        if (next.version() == floor.version()) {
          if (expired(floor)) {
            return REJECTED;
          }
          timestamp = timestampFloor;
          return TimestampUpdate.UNCHANGED;
        }
      }
      if (expired(next)) {
        return REJECTED;
      }
      timestamp = f;
      return TimestampUpdate.UPDATED;
    }

    Object loadLocalSnapshot(File f) {
      if (timestamp == null || snapshotFloor != null || snapshot != null || rotated()) {
        return ORDER_ERROR;
      }
      Snapshot local = f.as(Snapshot.class);
      if (local == null || !signedBy(f, rootModel().role(RoleType.SNAPSHOT))) {
        return REJECTED;
      }
      snapshotFloor = f;
      MetaFile expected = timestamp.as(Timestamp.class).snapshotMeta();
      if (!matches(expected, f.bytes) || local.version() != expected.version()
          || expired(local)) {
        return false;
      }
      snapshot = f;
      return true;
    }

    Object updateSnapshot(File f) {
      if (timestamp == null || !targets.isEmpty()) {
        return ORDER_ERROR;
      }
      MetaFile expected = timestamp.as(Timestamp.class).snapshotMeta();
      Snapshot next = f.as(Snapshot.class);
      if (!matches(expected, f.bytes) || next == null
          || !signedBy(f, rootModel().role(RoleType.SNAPSHOT))
          || next.version() != expected.version()) {
        return REJECTED;
      }
      File floor = snapshot != null ? snapshot : snapshotFloor;
      if (floor != null) {
        for (Map.Entry<String, MetaFile> e : floor.as(Snapshot.class).meta().entrySet()) {
          MetaFile now = next.meta().get(e.getKey());
          if (now == null || now.version() < e.getValue().version()) {
            return REJECTED;
          }
        }
      }
      if (expired(next)) {
        return REJECTED;
      }
      snapshot = f;
      return f.signed;
    }

    Object updateDelegatedTargets(File f, String role, String delegatorName) {
      if (snapshot == null) {
        return ORDER_ERROR;
      }
      File delegator = null;
      if (delegatorName != null) {
        delegator = targets.get(delegatorName);
        if (delegator == null) {
          return ORDER_ERROR;
        }
      }
      MetaFile expected = snapshot.as(Snapshot.class).meta().get(role + ".json");
      if (expected == null || !matches(expected, f.bytes)) {
        return REJECTED;
      }
      Targets next = f.as(Targets.class);
      if (next == null) {
        return REJECTED;
      }
      if (delegator == null ? !signedBy(f, rootModel().role(RoleType.TARGETS))
          : !delegationTrusts(delegator, role, f)) {
        return REJECTED;
      }
      if (next.version() != expected.version() || expired(next)) {
        return REJECTED;
      }
      targets.putIfAbsent(role, f);
      if (delegatorName != null) {
        edges.put(List.of(delegatorName, role), f);
      }
      return f.signed;
    }

    Object delegatedTargets(String role, String delegatorName) {
      File trusted = edges.get(List.of(delegatorName, role));
      if (trusted != null) {
        return Optional.of(trusted.signed);
      }
      File loaded = targets.get(role);
      if (loaded == null) {
        return Optional.empty();
      }
      File delegator = targets.get(delegatorName);
      if (delegator == null) {
        return ORDER_ERROR;
      }
      if (!delegationTrusts(delegator, role, loaded)) {
        return REJECTED;
      }
      edges.put(List.of(delegatorName, role), loaded);
      return Optional.of(loaded.signed);
    }

    private static boolean delegationTrusts(File delegator, String role, File f) {
      Optional<org.tuf4j.metadata.Role> assigned = delegator.as(Targets.class).delegations()
          .flatMap(d -> d.roleFor(role));
      return assigned.isPresent() && signedBy(f, assigned.get());
    }

    void assertSame(TrustedMetadataSet set, String context) {
      assertEquals(root.signed, set.root(), "root()" + context);
      assertEquals(Optional.ofNullable(timestamp).map(f -> f.signed), set.timestamp().map(s -> s),
          "timestamp()" + context);
      assertEquals(Optional.ofNullable(snapshot).map(f -> f.signed), set.snapshot().map(s -> s),
          "snapshot()" + context);
      for (String role : List.of("targets", "d", "e")) {
        assertEquals(Optional.ofNullable(targets.get(role)).map(f -> f.signed),
            set.targets(role).map(s -> s), "targets(" + role + ")" + context);
      }
      assertEquals(rotated(), set.timestampOrSnapshotKeysRotated(),
          "timestampOrSnapshotKeysRotated()" + context);
      assertEquals(NOW, set.referenceTime());
    }
  }
}
