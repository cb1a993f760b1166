package org.tuf4j.repository;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tuf4j.TufException;
import org.tuf4j.encoding.JsonValue;
import org.tuf4j.metadata.TargetFile;

/**
 * The targets of a repository, from {@link RepositoryEditor#targets()}: added, replaced or
 * removed in the role responsible for their path (TUF spec §6.3.1; the hash bin when the
 * top-level targets role delegates to succinct bins, TAP 15), each described by length and
 * HASHES (§4.5) while its content is read, and found as a client would find it (§5.6.7). The
 * content is written when the next release is published.
 */
public final class TargetEditor {
  private final TargetsDrafts drafts;
  private final PolicyEditor policy;

  TargetEditor(TargetsDrafts drafts, PolicyEditor policy) {
    this.drafts = drafts;
    this.policy = policy;
  }

  /**
   * Adds or replaces a target with content from a file, in the role responsible for its path
   * (the hash bin when the top-level targets role delegates to succinct bins, else the top-level
   * role). Length, sha256 and sha512 are computed while reading.
   *
   * @param path the target path
   * @param file the content
   * @param custom the target's {@code custom} value, if any
   * @return the target as listed
   * @throws TufException when the path is not a valid target path ({@link RepositoryEditor#checkTargetPath})
   * @throws IOException when the file or the repository's metadata cannot be read
   */
  public TargetFile addTarget(String path, Path file, Optional<JsonValue> custom)
      throws TufException, IOException {
    return addTarget(drafts.responsibleRole(path), path, file, custom);
  }

  /**
   * Adds or replaces a target with content from a file in the given targets role.
   *
   * @param role the targets role that lists the target
   * @param path the target path
   * @param file the content
   * @param custom the target's {@code custom} value, if any
   * @return the target as listed
   * @throws TufException when the path is invalid or no targets role has that name
   * @throws IOException when the file or the repository's metadata cannot be read
   */
  public TargetFile addTarget(String role, String path, Path file, Optional<JsonValue> custom)
      throws TufException, IOException {
    RepositoryEditor.checkTargetPath(path);
    TargetFile t;
    try (InputStream in = Files.newInputStream(file)) {
      t = TargetHashing.describe(path, in, custom);
    }
    return list(role, t, new TargetContent.LocalFile(file));
  }

  /**
   * Adds or replaces a target with content read from a stream, in the given targets role. The
   * stream is spooled to a temporary file (deleted when the JVM exits) so that publishing can
   * write it later without holding it in memory.
   *
   * @param role the targets role that lists the target
   * @param path the target path
   * @param content the content, read to its end; not closed
   * @param custom the target's {@code custom} value, if any
   * @return the target as listed
   * @throws TufException when the path is invalid or no targets role has that name
   * @throws IOException when reading the content or spooling it fails
   */
  public TargetFile addTarget(String role, String path, InputStream content,
      Optional<JsonValue> custom) throws TufException, IOException {
    RepositoryEditor.checkTargetPath(path);
    Path spool = Files.createTempFile("tuf4j-target-", ".tmp");
    spool.toFile().deleteOnExit();
    Files.copy(content, spool, StandardCopyOption.REPLACE_EXISTING);
    return addTarget(role, path, spool, custom);
  }

  /**
   * Adds or replaces a target with content in memory; see {@link #addTarget(String, Path,
   * Optional)}.
   *
   * @param path the target path
   * @param content the content
   * @param custom the target's {@code custom} value, if any
   * @return the target as listed
   * @throws TufException when the path is not a valid target path ({@link RepositoryEditor#checkTargetPath})
   * @throws IOException when the repository's metadata cannot be read
   */
  public TargetFile addTarget(String path, byte[] content, Optional<JsonValue> custom)
      throws TufException, IOException {
    return addTarget(drafts.responsibleRole(path), path, content, custom);
  }

  /**
   * Adds or replaces a target with content in memory in the given targets role.
   *
   * @param role the targets role that lists the target
   * @param path the target path
   * @param content the content
   * @param custom the target's {@code custom} value, if any
   * @return the target as listed
   * @throws TufException when the path is invalid or no targets role has that name
   * @throws IOException when the repository's metadata cannot be read
   */
  public TargetFile addTarget(String role, String path, byte[] content,
      Optional<JsonValue> custom) throws TufException, IOException {
    RepositoryEditor.checkTargetPath(path);
    return list(role, TargetHashing.describe(path, new ByteArrayInputStream(content), custom),
        new TargetContent.InMemory(content.clone()));
  }

  /** Lists {@code described} in {@code role}, with the policy's hashes, and its content. */
  private TargetFile list(String role, TargetFile described, TargetContent content)
      throws TufException, IOException {
    TargetFile t = TargetHashing.withHashes(described, policy.targetHashes());
    drafts.putTarget(role, t);
    drafts.putContent(t.path(), content);
    return t;
  }

  /**
   * Lists a target in {@code role} from its description only; its content is stored elsewhere
   * (an OTA server's blob store, say) and is not written by {@link Release#publish()}.
   *
   * @param role the targets role that lists the target
   * @param target the target's path, length, hashes and custom value
   * @throws TufException when the path is invalid or no targets role has that name
   * @throws IOException when the repository's metadata cannot be read
   */
  public void putTargetInfo(String role, TargetFile target) throws TufException, IOException {
    drafts.putTarget(role, target);
  }

  /**
   * Removes a target from every role that lists it among the roles a client would search for
   * its path (TUF spec §5.6.7: the delegations whose paths, hash prefixes or bin cover it);
   * false if none lists it.
   *
   * @param path the target path
   * @return true when the target was listed and is now removed
   * @throws TufException when a role's metadata cannot be read as valid metadata
   * @throws IOException when the repository's metadata cannot be read
   */
  public boolean removeTarget(String path) throws TufException, IOException {
    boolean removed = false;
    for (String role : drafts.rolesSearchedFor(path)) {
      removed |= drafts.removeListed(role, path);
    }
    return removed;
  }

  /**
   * Removes a target from {@code role}; false if that role does not list it.
   *
   * @param role a targets role
   * @param path the target path
   * @return true when the target was listed and is now removed
   * @throws TufException when no targets role has that name
   * @throws IOException when the role's metadata cannot be read
   */
  public boolean removeTarget(String role, String path) throws TufException, IOException {
    return drafts.removeListed(role, path);
  }

  /**
   * The target a client would find for {@code path}: listed by the first role, in the order of
   * the client's search (§5.6.7), that lists it.
   *
   * @param path the target path
   * @return the target, or empty when no role a client searches lists it
   * @throws TufException when a role's metadata cannot be read as valid metadata
   * @throws IOException when the repository's metadata cannot be read
   */
  public Optional<TargetFile> target(String path) throws TufException, IOException {
    for (String role : drafts.rolesSearchedFor(path)) {
      TargetFile t = drafts.draft(role).targets.get(path);
      if (t != null) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  /**
   * A target as currently listed by {@code role}, edits included.
   *
   * @param role a targets role
   * @param path the target path
   * @return the target, or empty when {@code role} does not list it
   * @throws TufException when no targets role has that name
   * @throws IOException when the role's metadata cannot be read
   */
  public Optional<TargetFile> target(String role, String path) throws TufException, IOException {
    return Optional.ofNullable(drafts.draft(role).targets.get(path));
  }

  /**
   * The targets {@code role} lists now, edits included.
   *
   * @param role a targets role
   * @return the targets, by path
   * @throws TufException when no targets role has that name
   * @throws IOException when the role's metadata cannot be read
   */
  public Map<String, TargetFile> of(String role) throws TufException, IOException {
    return Map.copyOf(drafts.draft(role).targets);
  }

  /**
   * Every targets role: the published ones (from the snapshot) and any created since.
   *
   * @return the role names, {@code targets} first
   */
  public List<String> roles() {
    return drafts.targetsRoles();
  }

  /**
   * The role a target path is added to by {@link #addTarget(String, byte[], Optional)}: the
   * succinct bin for it if the top-level targets role delegates to bins, else targets itself.
   *
   * @param path the target path
   * @return the role name
   * @throws TufException when the top-level targets metadata cannot be read as valid metadata
   * @throws IOException when the repository's metadata cannot be read
   */
  public String responsibleRoleFor(String path) throws TufException, IOException {
    return drafts.responsibleRole(path);
  }
}
