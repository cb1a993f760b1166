package org.tuf4j.repository;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.tuf4j.InvalidRepositoryException;
import org.tuf4j.TufException;
import org.tuf4j.encoding.CanonicalJson;
import org.tuf4j.encoding.JsonValue;
import org.tuf4j.metadata.MetadataEncoding;
import org.tuf4j.metadata.ParseOptions;
import org.tuf4j.metadata.Root;
import org.tuf4j.metadata.Signed;
import org.tuf4j.metadata.Snapshot;
import org.tuf4j.metadata.TargetFile;
import org.tuf4j.metadata.Targets;
import org.tuf4j.metadata.Timestamp;

/**
 * A {@link Release} saved under {@code staged/} in the repository's storage, for key holders in
 * other processes to sign (the multi-party signing TUF spec §6.1 leaves to the repository): each
 * role's metadata per encoding with the signatures so far, the target content, and a manifest
 * ({@value #MANIFEST}) naming them. Clients never read {@code staged/}.
 */
final class SavedRelease {
  static final String STAGED = "staged/";
  static final String MANIFEST = "release.json";

  private SavedRelease() {
  }

  /** Whether {@code storage} holds a saved release. */
  static boolean exists(Storage storage) throws IOException {
    return storage.exists(STAGED + MANIFEST);
  }

  /** Saves {@code release} in {@code storage}. */
  static void save(Storage storage, Release release) throws IOException {
    FileSet first = release.fileSet(release.first());
    Map<String, JsonValue> stagedContent = new TreeMap<>();
    for (Map.Entry<String, TargetContent> e : release.content().entrySet()) {
      TargetFile t = PublicationPlan.findTarget(first, e.getKey());
      if (t == null) {
        continue;
      }
      String path = STAGED + "content/" + t.hashes().get("sha256");
      e.getValue().copyTo(storage, path);
      stagedContent.put(e.getKey(), new JsonValue.JsonString(path));
    }
    List<JsonValue> names = new ArrayList<>();
    for (String role : release.roles()) {
      for (MetadataEncoding e : release.encodingsOf(role)) {
        storage.write(stagedPath(role, e), release.metadata(role, e).toBytes());
      }
      names.add(new JsonValue.JsonString(role));
    }
    List<JsonValue> encodingNames = new ArrayList<>();
    release.encodings().forEach(e -> encodingNames.add(new JsonValue.JsonString(e.name())));
    Map<String, JsonValue> manifest = new TreeMap<>();
    manifest.put("roles", new JsonValue.JsonArray(names));
    manifest.put("encodings", new JsonValue.JsonArray(encodingNames));
    manifest.put("content", new JsonValue.JsonObject(stagedContent));
    storage.write(STAGED + MANIFEST, CanonicalJson.encodeForFile(
        new JsonValue.JsonObject(manifest)));
  }

  /** Reads the release saved in {@code editor}'s storage. */
  static Release resume(RepositoryEditor editor) throws TufException, IOException {
    Storage storage = editor.storage();
    byte[] manifestBytes = storage.read(STAGED + MANIFEST).orElseThrow(
        () -> new InvalidRepositoryException("no staged release (staged/release.json)"));
    JsonValue.JsonObject manifest = (JsonValue.JsonObject) CanonicalJson.parse(manifestBytes);
    List<MetadataEncoding> encodings = encodings(manifest);
    if (!Set.copyOf(encodings).equals(editor.encodings())) {
      throw new InvalidRepositoryException("the staged release is in " + encodings
          + " but the repository publishes " + editor.encodings());
    }
    Map<MetadataEncoding, FileSet> files = new EnumMap<>(MetadataEncoding.class);
    for (MetadataEncoding e : encodings) {
      files.put(e, readFiles(storage, manifest, e));
    }
    Map<String, TargetContent> content = new LinkedHashMap<>();
    ((JsonValue.JsonObject) manifest.get("content")).members().forEach((path, staged) ->
        content.put(path, new TargetContent.Saved(((JsonValue.JsonString) staged).value())));
    return new Release(editor, files, content);
  }

  private static FileSet readFiles(Storage storage, JsonValue.JsonObject manifest,
      MetadataEncoding e) throws TufException, IOException {
    FileSet f = new FileSet();
    for (JsonValue v : ((JsonValue.JsonArray) manifest.get("roles")).elements()) {
      String role = ((JsonValue.JsonString) v).value();
      Optional<byte[]> staged = storage.read(stagedPath(role, e));
      if (staged.isEmpty() && FileSet.ROOT.equals(role)) {
        continue; // a root completing another encoding only (see RepositoryEditor#open)
      }
      byte[] bytes = staged.orElseThrow(
          () -> new InvalidRepositoryException("staged release is missing " + role
              + " (" + e + ")"));
      ParseOptions options = ParseOptions.DEFAULT.withEncoding(e);
      switch (role) {
        case FileSet.ROOT -> f.root = Signed.parse(bytes, Root.class, options);
        case FileSet.SNAPSHOT -> f.snapshot = Signed.parse(bytes, Snapshot.class, options);
        case FileSet.TIMESTAMP -> f.timestamp = Signed.parse(bytes, Timestamp.class, options);
        default -> f.targets.put(role, Signed.parse(bytes, Targets.class, options));
      }
    }
    if (f.timestamp == null) {
      throw new InvalidRepositoryException("staged release has no timestamp");
    }
    return f;
  }

  /** Removes a saved release, if any (after it is published, or to abandon it). */
  static void discard(Storage storage) throws TufException, IOException {
    Optional<byte[]> manifest = storage.read(STAGED + MANIFEST);
    if (manifest.isEmpty()) {
      return;
    }
    JsonValue.JsonObject m = (JsonValue.JsonObject) CanonicalJson.parse(manifest.get());
    for (MetadataEncoding e : encodings(m)) {
      for (JsonValue v : ((JsonValue.JsonArray) m.get("roles")).elements()) {
        storage.delete(stagedPath(((JsonValue.JsonString) v).value(), e));
      }
    }
    for (JsonValue v : ((JsonValue.JsonObject) m.get("content")).members().values()) {
      storage.delete(((JsonValue.JsonString) v).value());
    }
    storage.delete(STAGED + MANIFEST);
  }

  private static String stagedPath(String role, MetadataEncoding encoding) {
    return STAGED + encoding.fileName(MetadataPaths.quote(role));
  }

  /** The encodings a saved manifest lists; a manifest from before CBOR lists none: JSON. */
  private static List<MetadataEncoding> encodings(JsonValue.JsonObject manifest)
      throws InvalidRepositoryException {
    if (!(manifest.get("encodings") instanceof JsonValue.JsonArray names)) {
      return List.of(MetadataEncoding.JSON);
    }
    List<MetadataEncoding> out = new ArrayList<>();
    for (JsonValue v : names.elements()) {
      try {
        out.add(MetadataEncoding.valueOf(((JsonValue.JsonString) v).value()));
      } catch (IllegalArgumentException | ClassCastException e) {
        throw new InvalidRepositoryException("staged release names an unknown encoding: " + v);
      }
    }
    return out;
  }
}
