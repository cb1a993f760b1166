package org.tuf4j.cli;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tuf4j.TufException;
import org.tuf4j.metadata.DelegatedRole;
import org.tuf4j.metadata.MetaFile;
import org.tuf4j.metadata.MetadataEncoding;
import org.tuf4j.metadata.ParseOptions;
import org.tuf4j.metadata.Signed;
import org.tuf4j.metadata.Snapshot;
import org.tuf4j.metadata.SuccinctRoles;
import org.tuf4j.metadata.Targets;
import org.tuf4j.metadata.Timestamp;
import org.tuf4j.repository.FileSystemStorage;
import org.tuf4j.repository.RepositoryEditor;

/**
 * What a repository directory has published, role by role (top-level, delegated and hash bins),
 * with how close each role is to its expiry: what {@code tuf status} warns about.
 */
final class RepoState {
  /** One published role. {@code bins} names the hash-bin delegation it belongs to, if any. */
  record RoleState(String name, long version, Instant expires, String bins) {}

  /** Roles in the order a person reads them: root, targets and its delegations, snapshot, ts. */
  final List<RoleState> roles = new ArrayList<>();

  static RepoState read(FileSystemStorage storage, RepositoryEditor editor)
      throws TufException, IOException {
    RepoState s = new RepoState();
    MetadataEncoding encoding = editor.encodings().iterator().next();
    boolean consistent = editor.root().consistentSnapshot();
    ParseOptions options = ParseOptions.DEFAULT.withEncoding(encoding);
    Signed<Timestamp> ts = Signed.parse(read(storage, encoding.fileName("timestamp")),
        Timestamp.class, options);
    long snapshotVersion = ts.signed().snapshotMeta().version();
    Signed<Snapshot> sn = Signed.parse(read(storage, encoding.fileName(
        (consistent ? snapshotVersion + "." : "") + "snapshot")), Snapshot.class, options);
    s.roles.add(new RoleState("root", editor.root().version(), editor.root().expires(), null));
    Deque<String[]> todo = new ArrayDeque<>();
    todo.push(new String[] {"targets", null});
    Map<String, Boolean> seen = new LinkedHashMap<>();
    while (!todo.isEmpty()) {
      String[] next = todo.pop();
      String name = next[0];
      if (seen.put(name, true) != null) {
        continue;
      }
      Optional<MetaFile> meta = sn.signed().metaFor(name);
      if (meta.isEmpty()) {
        continue; // delegated but not published yet
      }
      long v = meta.get().version();
      Optional<byte[]> bytes = storage.read("metadata/" + encoding.fileName(
          (consistent ? v + "." : "") + quote(name)));
      if (bytes.isEmpty()) {
        continue;
      }
      Targets t = Signed.parse(bytes.get(), Targets.class, options).signed();
      s.roles.add(new RoleState(name, t.version(), t.expires(), next[1]));
      if (t.delegations().isEmpty()) {
        continue;
      }
      List<String[]> children = new ArrayList<>();
      if (t.delegations().get().succinctRoles().isPresent()) {
        SuccinctRoles bins = t.delegations().get().succinctRoles().get();
        String label = bins.namePrefix() + "-*";
        for (long i = 0; i < bins.numberOfBins(); i++) {
          children.add(new String[] {bins.roleName(i), label});
        }
      } else {
        for (DelegatedRole dr : t.delegations().get().roles().orElseThrow()) {
          children.add(new String[] {dr.name(), null});
        }
      }
      for (int i = children.size() - 1; i >= 0; i--) {
        todo.push(children.get(i));
      }
    }
    s.roles.add(new RoleState("snapshot", sn.signed().version(), sn.signed().expires(), null));
    s.roles.add(new RoleState("timestamp", ts.signed().version(), ts.signed().expires(), null));
    return s;
  }

  private static byte[] read(FileSystemStorage storage, String file) throws IOException {
    return storage.read("metadata/" + file).orElseThrow(() -> new CliException(
        ExitCode.IO_ERROR, "metadata/" + file + " is missing from " + storage.root(),
        "the repository is incomplete; `tuf verify` shows what a client makes of it"));
  }

  /** Percent-encodes a role name into one file name, as the writer stores it. */
  static String quote(String role) {
    StringBuilder out = new StringBuilder();
    for (byte b : role.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '.' || c == '_' || c == '~') {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
      }
    }
    return out.toString();
  }

  /**
   * The warning window of a role: a quarter of tuf's default validity period for it (root 365
   * days, targets and delegated roles 90, snapshot 7, timestamp 1), unless one is given.
   */
  static Duration window(String role, Duration given) {
    if (given != null) {
      return given;
    }
    Duration period = switch (role) {
      case "root" -> Duration.ofDays(365);
      case "snapshot" -> Duration.ofDays(7);
      case "timestamp" -> Duration.ofDays(1);
      default -> Duration.ofDays(90);
    };
    return period.dividedBy(4);
  }

  /** {@code EXPIRED}, {@code EXPIRES SOON} or {@code ok}, as of {@code now}. */
  static String state(String role, Instant expires, Instant now, Duration given) {
    if (!expires.isAfter(now)) {
      return "EXPIRED";
    }
    return Duration.between(now, expires).compareTo(window(role, given)) < 0 ? "EXPIRES SOON"
        : "ok";
  }

  /** "in 3 days", "2 hours ago": how far {@code t} is from {@code now}. */
  static String relative(Instant t, Instant now) {
    Duration d = Duration.between(now, t);
    boolean past = d.isNegative();
    d = d.abs();
    String amount = d.toDays() >= 2 ? d.toDays() + " days" : d.toHours() >= 2
        ? d.toHours() + " hours" : d.toMinutes() + " minutes";
    return past ? amount + " ago" : "in " + amount;
  }
}
