package org.tuf4j.repository;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.tuf4j.InvalidRepositoryException;
import org.tuf4j.MalformedMetadataException;
import org.tuf4j.TooLargeException;
import org.tuf4j.encoding.CanonicalJson;
import org.tuf4j.encoding.JsonLimits;
import org.tuf4j.encoding.JsonValue;
import org.tuf4j.encoding.JsonValue.JsonArray;
import org.tuf4j.encoding.JsonValue.JsonBoolean;
import org.tuf4j.encoding.JsonValue.JsonObject;
import org.tuf4j.encoding.JsonValue.JsonString;
import org.tuf4j.metadata.MetadataEncoding;
import org.tuf4j.metadata.RoleType;

/**
 * A repository's publishing policy, kept beside its metadata in {@value #PATH} (never served:
 * servers publish {@code metadata/} and {@code targets/}) so that every later release follows
 * it: expiry periods per role, whether snapshot and timestamp list lengths and hashes, which
 * digests targets list, the encodings published, and which roles sign with keys kept online.
 * Read and checked when the repository is opened: an unknown member, a role the repository does
 * not have or a malformed value is an error, never ignored.
 */
final class RepositoryConfig {
  static final String PATH = "config/repository.json";
  static final Set<String> TARGET_HASHES = Set.of("sha256", "sha512");

  final Map<String, Duration> expiry = new TreeMap<>();
  boolean snapshotListsTargetsHashes = true;
  boolean timestampListsSnapshotHashes = true;
  final Set<String> targetHashes = new TreeSet<>(TARGET_HASHES);
  final Set<MetadataEncoding> encodings = EnumSet.noneOf(MetadataEncoding.class);
  final Set<String> onlineRoles = new TreeSet<>(Set.of("snapshot", "timestamp"));

  private static final Set<String> MEMBERS = Set.of("expiry", "snapshot_lists_lengths_and_hashes",
      "timestamp_lists_snapshot_length_and_hashes", "target_hashes", "encodings",
      "online_roles");

  RepositoryConfig() {
    expiry.put("root", Duration.ofDays(365));
    expiry.put("targets", Duration.ofDays(90));
    expiry.put("snapshot", Duration.ofDays(7));
    expiry.put("timestamp", Duration.ofDays(1));
  }

  /** When {@code role}'s metadata signed now expires: delegated roles default to targets'. */
  Instant expiry(String role, Clock clock) {
    Duration period = expiry.getOrDefault(role, expiry.get(RepositoryEditor.TARGETS));
    return clock.instant().truncatedTo(ChronoUnit.SECONDS).plus(period);
  }

  byte[] toBytes() {
    Map<String, JsonValue> periods = new TreeMap<>();
    expiry.forEach((role, d) -> periods.put(role, new JsonString(d.toString())));
    Map<String, JsonValue> out = new LinkedHashMap<>();
    out.put("expiry", new JsonObject(periods));
    out.put("snapshot_lists_lengths_and_hashes", JsonBoolean.of(snapshotListsTargetsHashes));
    out.put("timestamp_lists_snapshot_length_and_hashes",
        JsonBoolean.of(timestampListsSnapshotHashes));
    out.put("target_hashes", strings(targetHashes));
    List<String> names = new ArrayList<>();
    encodings.forEach(e -> names.add(e.name().toLowerCase(java.util.Locale.ROOT)));
    out.put("encodings", strings(names));
    out.put("online_roles", strings(onlineRoles));
    return CanonicalJson.encodeForFile(new JsonObject(out));
  }

  /**
   * Reads a configuration file.
   *
   * @param isRole whether a name is one of the repository's roles
   * @throws InvalidRepositoryException naming the member that is wrong
   */
  static RepositoryConfig parse(byte[] bytes, Predicate<String> isRole)
      throws InvalidRepositoryException {
    JsonObject o = configObject(bytes);
    RepositoryConfig c = new RepositoryConfig();
    if (o.get("expiry") != null) {
      c.readExpiry(o, isRole);
    }
    c.snapshotListsTargetsHashes = bool(o, "snapshot_lists_lengths_and_hashes", true);
    c.timestampListsSnapshotHashes = bool(o, "timestamp_lists_snapshot_length_and_hashes", true);
    if (o.get("target_hashes") != null) {
      c.readTargetHashes(o);
    }
    if (o.get("encodings") != null) {
      c.readEncodings(o);
    }
    if (o.get("online_roles") != null) {
      c.readOnlineRoles(o, isRole);
    }
    return c;
  }

  /** The file as a JSON object of known members only. */
  private static JsonObject configObject(byte[] bytes) throws InvalidRepositoryException {
    JsonValue value;
    try {
      value = CanonicalJson.parse(bytes, JsonLimits.DEFAULT.withMaxBytes(1 << 20));
    } catch (MalformedMetadataException | TooLargeException e) {
      throw invalid("is not valid JSON: " + e.getMessage());
    }
    if (!(value instanceof JsonObject o)) {
      throw invalid("is not a JSON object");
    }
    for (String name : o.members().keySet()) {
      if (!MEMBERS.contains(name)) {
        throw invalid("has an unknown member \"" + name + "\" (known: " + new TreeSet<>(MEMBERS)
            + ")");
      }
    }
    return o;
  }

  private void readExpiry(JsonObject o, Predicate<String> isRole)
      throws InvalidRepositoryException {
    for (Map.Entry<String, JsonValue> e : object(o, "expiry").members().entrySet()) {
      String role = e.getKey();
      if (!isRole.test(role)) {
        throw invalid("sets the expiry of \"" + role + "\", which is not a role of this "
            + "repository");
      }
      expiry.put(role, period(e.getValue(), "expiry." + role));
    }
  }

  private void readTargetHashes(JsonObject o) throws InvalidRepositoryException {
    targetHashes.clear();
    for (String h : stringList(o, "target_hashes")) {
      if (!TARGET_HASHES.contains(h)) {
        throw invalid("lists target hash \"" + h + "\"; known: " + new TreeSet<>(TARGET_HASHES));
      }
      targetHashes.add(h);
    }
    if (!targetHashes.contains("sha256")) {
      throw invalid("target_hashes must include sha256, which every client knows");
    }
  }

  private void readEncodings(JsonObject o) throws InvalidRepositoryException {
    for (String e : stringList(o, "encodings")) {
      try {
        encodings.add(MetadataEncoding.valueOf(e.toUpperCase(java.util.Locale.ROOT)));
      } catch (IllegalArgumentException x) {
        throw invalid("lists encoding \"" + e + "\"; known: json, cbor");
      }
    }
  }

  private void readOnlineRoles(JsonObject o, Predicate<String> isRole)
      throws InvalidRepositoryException {
    onlineRoles.clear();
    for (String role : stringList(o, "online_roles")) {
      if (!isRole.test(role)) {
        throw invalid("lists online role \"" + role + "\", which is not a role of this "
            + "repository");
      }
      onlineRoles.add(role);
    }
  }

  static Duration period(JsonValue v, String where) throws InvalidRepositoryException {
    if (v instanceof JsonString s) {
      try {
        Duration d = Duration.parse(s.value());
        if (!d.isNegative() && !d.isZero()) {
          return d;
        }
      } catch (DateTimeParseException e) {
        // reported below
      }
    }
    throw invalid(where + " is not a positive ISO-8601 duration such as \"P30D\"");
  }

  private static JsonObject object(JsonObject o, String name) throws InvalidRepositoryException {
    if (o.get(name) instanceof JsonObject v) {
      return v;
    }
    throw invalid(name + " is not an object");
  }

  private static boolean bool(JsonObject o, String name, boolean absent)
      throws InvalidRepositoryException {
    JsonValue v = o.get(name);
    if (v == null) {
      return absent;
    }
    if (v instanceof JsonBoolean b) {
      return b.value();
    }
    throw invalid(name + " is not true or false");
  }

  private static List<String> stringList(JsonObject o, String name)
      throws InvalidRepositoryException {
    if (!(o.get(name) instanceof JsonArray a)) {
      throw invalid(name + " is not a list");
    }
    List<String> out = new ArrayList<>();
    for (JsonValue v : a.elements()) {
      if (!(v instanceof JsonString s)) {
        throw invalid(name + " lists something that is not a string");
      }
      out.add(s.value());
    }
    return out;
  }

  private static JsonArray strings(Iterable<String> values) {
    List<JsonValue> out = new ArrayList<>();
    values.forEach(v -> out.add(new JsonString(v)));
    return new JsonArray(out);
  }

  private static InvalidRepositoryException invalid(String what) {
    return new InvalidRepositoryException("repository configuration " + PATH + " " + what);
  }

  /** Whether {@code name} is a top-level role's name. */
  static boolean isTopLevel(String name) {
    return RoleType.fromTypeName(name).isPresent();
  }

  @Override
  public String toString() {
    return new String(toBytes(), StandardCharsets.UTF_8);
  }
}
