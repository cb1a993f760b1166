package org.tuf4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.tuf4j.TufException;
import org.tuf4j.crypto.Signer;
import org.tuf4j.encoding.CanonicalJson;
import org.tuf4j.encoding.JsonValue;
import org.tuf4j.metadata.Key;
import org.tuf4j.metadata.MetadataEncoding;
import org.tuf4j.metadata.RoleType;
import org.tuf4j.metadata.Root;
import org.tuf4j.metadata.Signed;
import org.tuf4j.repository.FileSystemStorage;
import org.tuf4j.repository.Release;
import org.tuf4j.repository.ReleaseFiles;
import org.tuf4j.repository.RepositoryEditor;
import org.tuf4j.repository.RoleKeys;
import org.tuf4j.repository.RoleStatus;
import org.tuf4j.repository.Storage;
import org.tuf4j.signer.KeyFileException;
import org.tuf4j.signer.PemKeys;

/** What the writing commands share: opening a repository, finishing a release, reading keys. */
final class Repo {
  private Repo() {}

  static FileSystemStorage storage(Path dir) throws IOException {
    if (!Files.isDirectory(dir.resolve("metadata"))) {
      throw new CliException(ExitCode.IO_ERROR, dir + " is not a repository (no metadata/)",
          "create one with `tuf init " + dir + "`");
    }
    return FileSystemStorage.open(dir);
  }

  /** {@code json}, {@code cbor} or {@code both}: the encodings a repository publishes. */
  static Set<MetadataEncoding> encodings(String name) {
    if ("both".equalsIgnoreCase(name)) {
      return EnumSet.allOf(MetadataEncoding.class);
    }
    return EnumSet.of(encoding(name));
  }

  /** "JSON", "CBOR" or "JSON and CBOR", for people. */
  static String encodingNames(Set<MetadataEncoding> encodings) {
    return encodings.stream().map(e -> e.name().toUpperCase(java.util.Locale.ROOT)).sorted(
        java.util.Comparator.reverseOrder()).collect(java.util.stream.Collectors.joining(
            " and "));
  }

  /** {@code json} or {@code cbor}. */
  static MetadataEncoding encoding(String name) {
    for (MetadataEncoding e : MetadataEncoding.values()) {
      if (e.name().equalsIgnoreCase(name)) {
        return e;
      }
    }
    throw new CliException(ExitCode.USAGE, "unknown encoding " + name, "use json or cbor");
  }

  /**
   * The encoding a signature is made in: {@code name} if given, else the repository's only
   * encoding.
   */
  static MetadataEncoding signingEncoding(Release release, String name) {
    if (name != null) {
      return encoding(name);
    }
    if (release.encodings().size() > 1) {
      throw new CliException(ExitCode.USAGE, "the repository publishes " + release.encodings()
          + ", each signed separately", "say which with --encoding json or --encoding cbor");
    }
    return release.encodings().iterator().next();
  }

  static Clock clock(Instant time) {
    return time == null ? Clock.systemUTC() : Clock.fixed(time, ZoneOffset.UTC);
  }

  // Editors this command opened: each holds the repository's writer lock until its release is
  // published or saved, or until Tuf.execute closes it when the command ends (a process ending
  // would release it too; tests run several commands in one).
  private static final ThreadLocal<List<RepositoryEditor>> OPENED =
      ThreadLocal.withInitial(ArrayList::new);

  /** Opens the repository in {@code storage} for this command (see {@link #closeAll}). */
  static RepositoryEditor open(Storage storage, Clock clock) throws TufException, IOException {
    RepositoryEditor editor = RepositoryEditor.open(storage, clock);
    OPENED.get().add(editor);
    return editor;
  }

  /** Creates a repository in {@code storage} for this command (see {@link #closeAll}). */
  static RepositoryEditor create(Storage storage, Clock clock, Map<RoleType, RoleKeys> roles,
      boolean consistent, Set<MetadataEncoding> encodings) throws TufException {
    RepositoryEditor editor = RepositoryEditor.create(storage, clock, roles, consistent,
        encodings);
    OPENED.get().add(editor);
    return editor;
  }

  /** The release saved in {@code storage}, through an editor of this command. */
  static Release resume(Storage storage, Clock clock) throws TufException, IOException {
    return open(storage, clock).resumeStaged();
  }

  /** Releases the locks of every editor this command opened. */
  static void closeAll() {
    for (RepositoryEditor editor : OPENED.get()) {
      try {
        editor.close();
      } catch (IOException e) {
        // the lock file could not be truncated; the lock itself is released with its channel
      }
    }
    OPENED.get().clear();
  }

  /** Opens for editing; refuses while a staged release waits, so edits never pile up unseen. */
  static RepositoryEditor edit(Path dir, Clock clock) throws TufException, IOException {
    FileSystemStorage storage = storage(dir);
    if (RepositoryEditor.hasStaged(storage)) {
      throw new CliException(ExitCode.REFUSED, "a staged release is waiting for signatures",
          "finish it (`tuf status " + dir + "`, `tuf sign`, `tuf publish`) or drop it "
              + "(`tuf discard " + dir + "`)");
    }
    return open(storage, clock);
  }

  /**
   * Stages the edits with {@code signers}; publishes the release when every threshold is met,
   * unless {@code stage} asks for it to be saved for offline signers. A staged result the caller
   * did not ask for is {@link ExitCode#STAGED}, so a script never mistakes it for a publication.
   */
  static int finish(RepositoryEditor editor, List<Signer> signers, PrintWriter out, Path dir,
      boolean stage) throws TufException, IOException {
    Release release = editor.stage(signers);
    checkTrusted(signers, release, editor, dir);
    if (release.isFullySigned() && !stage) {
      release.publish();
      out.println("published: " + describe(release));
      return ExitCode.OK;
    }
    release.save();
    out.println("staged (not published yet): " + describe(release));
    for (RoleStatus s : release.status()) {
      if (!s.isComplete()) {
        out.println("  " + s.describe());
      }
    }
    out.println("next: collect signatures with `tuf sign " + dir + " -k KEY` (or `tuf sign "
        + "--detached` + `tuf signature add`), then `tuf publish " + dir + "`");
    return stage ? ExitCode.OK : ExitCode.STAGED;
  }

  /**
   * Refuses keys that no role trusts, before anything is written: a key of another repository
   * (or a typo) would otherwise leave a release staged that looks like it only needs signing.
   * A key counts when the release asks for it (for a new root, the keys of the previous root
   * and of the new one) or any role of the repository lists it.
   */
  static void checkTrusted(List<Signer> signers, Release release, RepositoryEditor editor,
      Path dir) throws TufException, IOException {
    Set<String> trusted = new java.util.HashSet<>();
    for (RoleStatus s : release.status()) {
      for (var t : s.thresholds()) {
        trusted.addAll(t.outcomes().keySet());
      }
    }
    trusted.addAll(editor.root().keys().keySet());
    List<Signer> unknown = new java.util.ArrayList<>();
    for (Signer s : signers) {
      if (!trusted.contains(keyId(s))) {
        unknown.add(s);
      }
    }
    if (unknown.isEmpty()) {
      return;
    }
    // The published repository's keys count too (a key this very command revokes, say).
    RepositoryEditor published = RepositoryEditor.inspect(storage(dir), editor.clock());
    trusted.addAll(published.root().keys().keySet());
    for (RepositoryEditor e : List.of(editor, published)) {
      for (String role : e.targets().roles()) {
        e.delegations().of(role).ifPresent(d -> trusted.addAll(d.keys().keySet()));
      }
    }
    for (Signer s : unknown) {
      if (!trusted.contains(keyId(s))) {
        throw new CliException(ExitCode.KEY_ERROR, "key " + keyId(s) + " (" + s.scheme()
            + ") is not a key of any role of " + dir + "; nothing was changed",
            "`tuf key list " + dir + "` shows the keys each role trusts; check that -k names "
                + "this repository's keys");
      }
    }
  }

  static String keyId(Signer s) {
    return Key.of(s.keyType(), s.scheme(), s.publicValue()).computeKeyId();
  }

  /** The release's files in its first encoding (JSON, when it is one of them). */
  static ReleaseFiles firstFiles(Release release) {
    return release.files(release.encodings().iterator().next());
  }

  /** The root {@code release} publishes, in the first encoding that has one. */
  static Optional<Signed<Root>> newRoot(Release release) {
    for (MetadataEncoding e : release.encodings()) {
      Optional<Signed<Root>> root = release.files(e).root();
      if (root.isPresent()) {
        return root;
      }
    }
    return Optional.empty();
  }

  static String describe(Release release) {
    StringBuilder sb = new StringBuilder();
    ReleaseFiles files = firstFiles(release);
    for (String role : release.roles()) {
      long version = switch (role) {
        case "root" -> newRoot(release).orElseThrow().signed().version();
        case "snapshot" -> files.snapshot().orElseThrow().signed().version();
        case "timestamp" -> files.timestamp().signed().version();
        default -> files.targets().get(role).signed().version();
      };
      sb.append(sb.length() == 0 ? "" : ", ").append(role).append(" v").append(version);
    }
    return sb.toString();
  }

  /**
   * A public key from a file: a TUF key JSON object (as {@code tuf key generate} writes next to
   * the private key) or a private key PEM, whose public half is used.
   */
  static Key publicKey(Path file, Secrets secrets) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    try {
      if (text.contains("PRIVATE KEY")) {
        Signer s;
        try {
          s = PemKeys.read(file, null);
        } catch (KeyFileException e) {
          s = PemKeys.read(file, secrets.read("passphrase for " + file));
        }
        return PemKeys.publicKey(s);
      }
      JsonValue v = CanonicalJson.parse(text.getBytes(StandardCharsets.UTF_8));
      if (!(v instanceof JsonValue.JsonObject o) || !(o.get("keytype") instanceof
          JsonValue.JsonString type) || !(o.get("scheme") instanceof JsonValue.JsonString scheme)
          || !(o.get("keyval") instanceof JsonValue.JsonObject val)
          || !(val.get("public") instanceof JsonValue.JsonString pub)) {
        throw new CliException(ExitCode.KEY_ERROR, file + " is not a TUF public key",
            "expected {\"keytype\",\"scheme\",\"keyval\":{\"public\"}} or a PEM private key");
      }
      Key key = Key.of(type.value(), scheme.value(), pub.value());
      try {
        org.tuf4j.crypto.PublicKeys.parse(key.keyType(), key.scheme(), pub.value());
      } catch (TufException e) {
        throw new CliException(ExitCode.KEY_ERROR, file + ": the key cannot be read: "
            + e.getMessage(), "a key nobody can check must not be trusted; give the "
            + ".pub.json `tuf key generate` wrote", e);
      }
      return key;
    } catch (KeyFileException e) {
      throw new CliException(ExitCode.KEY_ERROR, file + ": " + e.getMessage(), null, e);
    } catch (TufException e) {
      throw new CliException(ExitCode.KEY_ERROR, file + " is not a TUF public key: "
          + e.getMessage(), null, e);
    }
  }

  static List<Signer> none() {
    return List.of();
  }
}
