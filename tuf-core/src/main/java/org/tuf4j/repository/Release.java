package org.tuf4j.repository;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.tuf4j.InvalidRepositoryException;
import org.tuf4j.TufException;
import org.tuf4j.crypto.CryptoBackends;
import org.tuf4j.crypto.Signer;
import org.tuf4j.metadata.MetadataEncoding;
import org.tuf4j.metadata.Root;
import org.tuf4j.metadata.RoleType;
import org.tuf4j.metadata.Signed;
import org.tuf4j.verify.SignatureThreshold;
import org.tuf4j.verify.ThresholdResult;

/**
 * The next version of a repository, staged by {@link RepositoryEditor#stage}: the metadata to
 * write, its signatures so far, and what is still missing. Offline and multi-party signing
 * happen here: {@link ReleaseFiles#bytesToSign} gives the exact canonical bytes a key holder
 * signs (TUF spec §4.2), {@link ReleaseFiles#addSignature} accepts a detached signature only
 * after verifying it, {@link #status} says how many more each role needs (for a new root: a
 * threshold of the previous root's keys and of its own, §5.3.4), and {@link #publish} writes
 * only when every threshold is met and tuf4j's own client accepts the result (§6.2.1 and §6.3:
 * targets, snapshot, root, timestamp last).
 *
 * <p>A repository publishing several {@link MetadataEncoding}s gets one file set per encoding,
 * with the same content: signatures cover the bytes of one encoding, so each role is signed once
 * per encoding. {@link #sign} signs every encoding's files; whatever concerns one encoding's
 * files — their metadata, the bytes to sign, detached signatures — is reached through {@link
 * #files(MetadataEncoding)}:
 *
 * <pre>{@code
 * ReleaseFiles json = release.files(MetadataEncoding.JSON);
 * json.addSignature("root", offlineSignatureOver(json.bytesToSign("root")));
 * }</pre>
 */
public final class Release {
  private final RepositoryEditor editor;
  // One file set per encoding the repository publishes. Their content is the same, except that
  // an encoding left a root behind by an interrupted publish gets that root here.
  private final Map<MetadataEncoding, FileSet> files;
  private final Map<MetadataEncoding, ReleaseFiles> views = new EnumMap<>(MetadataEncoding.class);
  private final Map<String, TargetContent> content;
  private final ReleaseTrust trust;
  private final MetaDescriptions descriptions;
  private boolean published;
  // The keys this release was signed with in this process (never saved): a snapshot or timestamp
  // whose description changes when a role it describes gains a signature is signed again by them.
  private final List<Signer> signers = new ArrayList<>();

  /** A release of {@code files}, each encoding's, and the target content they list. */
  Release(RepositoryEditor editor, Map<MetadataEncoding, FileSet> files,
      Map<String, TargetContent> content) {
    this.editor = editor;
    this.files = new EnumMap<>(files);
    this.content = new LinkedHashMap<>(content);
    this.trust = new ReleaseTrust(editor, this);
    this.descriptions = new MetaDescriptions(editor, this::signAgain);
    this.files.keySet().forEach(e -> views.put(e, new ReleaseFiles(this, e)));
  }

  /**
   * A release just staged: its snapshot and timestamp describe the files as they would be
   * written ({@link MetaDescriptions}).
   */
  static Release staged(RepositoryEditor editor, Map<MetadataEncoding, FileSet> files,
      Map<String, TargetContent> content) throws TufException, IOException {
    Release release = new Release(editor, files, content);
    for (FileSet f : release.files.values()) {
      for (String role : f.targets.keySet()) {
        release.descriptions.describeTargets(f, role);
      }
      release.descriptions.describeSnapshot(f);
    }
    return release;
  }

  /**
   * The encodings this release is written in: the repository's.
   *
   * @return the encodings, JSON first when it is one of them
   */
  public Set<MetadataEncoding> encodings() {
    return Collections.unmodifiableSet(files.keySet());
  }

  /**
   * This release's files in {@code encoding}: their metadata, the bytes a key holder signs, and
   * detached signatures over them.
   *
   * @param encoding one of {@link #encodings()}
   * @return the files of that encoding
   * @throws IllegalArgumentException when this release is not written in {@code encoding}
   */
  public ReleaseFiles files(MetadataEncoding encoding) {
    fileSet(encoding);
    return views.get(encoding);
  }

  /**
   * The roles this release signs, root first and timestamp last.
   *
   * @return the role names, in signing order
   */
  public List<String> roles() {
    FileSet f = files.get(first());
    List<String> out = new ArrayList<>();
    if (root().isPresent()) {
      out.add(FileSet.ROOT);
    }
    out.addAll(f.targets.keySet());
    if (f.snapshot != null) {
      out.add(FileSet.SNAPSHOT);
    }
    out.add(FileSet.TIMESTAMP);
    return out;
  }

  /**
   * Signs every role of this release that trusts {@code signer}'s key, in every encoding.
   *
   * @param signer a key holder; roles that do not list its key are left alone
   * @throws TufException when a signature the signer makes does not verify
   * @throws IOException when the signer's token fails
   */
  public void sign(Signer signer) throws TufException, IOException {
    remember(signer);
    sign(signer, roles());
  }

  /**
   * Signs the given roles of this release that trust {@code signer}'s key, in every encoding:
   * for a repository whose online keys sign only some roles (an Uptane Image repository signs its
   * snapshot and timestamp online, its targets offline). As with {@link #sign(Signer)}, a
   * snapshot or timestamp this signer signed is signed again when a later signature changes the
   * file it describes.
   *
   * @param signer a key holder
   * @param roles roles of {@link #roles()} to sign; others are left alone
   * @throws TufException when a signature the signer makes does not verify
   * @throws IOException when the signer's token fails
   */
  public void sign(Signer signer, Collection<String> roles) throws TufException, IOException {
    remember(signer);
    List<String> ordered = new ArrayList<>(roles());
    ordered.retainAll(roles);
    sign(signer, ordered);
  }

  private void remember(Signer signer) {
    if (!signers.contains(signer)) {
      signers.add(signer);
    }
  }

  private void sign(Signer signer, List<String> roles) throws TufException, IOException {
    for (String role : roles) {
      for (MetadataEncoding e : encodingsOf(role)) {
        views.get(e).signIn(signer, role);
      }
    }
  }

  /** Signs {@code role}'s file in {@code encoding} again with every key this release knows. */
  private void signAgain(String role, MetadataEncoding encoding)
      throws TufException, IOException {
    for (Signer signer : signers) {
      views.get(encoding).signIn(signer, role);
    }
  }

  /** Signs with the online keys {@link RepositoryEditor#stage} was given. */
  void signAll(List<Signer> signers) throws TufException, IOException {
    signers.forEach(this::remember);
    // The timestamp last: it may describe the snapshot file, signatures included.
    List<String> beforeTimestamp = new ArrayList<>(roles());
    beforeTimestamp.remove(FileSet.TIMESTAMP);
    for (Signer s : signers) {
      sign(s, beforeTimestamp);
    }
    for (Signer s : signers) {
      sign(s, List.of(FileSet.TIMESTAMP));
    }
  }

  /**
   * Saves this release under {@code staged/} in the repository's storage — each role's metadata
   * with the signatures so far, the target content, and a manifest — so that other key holders,
   * possibly in other processes or on other machines, can add signatures and publish it with
   * {@link RepositoryEditor#resume}. Clients never read {@code staged/}. Saving hands the
   * repository on: the editor's lock ({@link Storage#lock()}) is released.
   *
   * @throws IOException when the storage cannot be written
   */
  public void save() throws IOException {
    editor.lock().requireWritable("save a release");
    requireNotPublished();
    SavedRelease.save(editor.storage(), this);
    editor.lock().release(); // other key holders resume it, each taking the lock in turn
  }

  /**
   * Signature status of every role in this release.
   *
   * @return one status per role, in {@link #roles()} order
   * @throws TufException when a signature cannot be checked
   * @throws IOException when the release cannot be read back from storage
   */
  public List<RoleStatus> status() throws TufException, IOException {
    List<RoleStatus> out = new ArrayList<>();
    for (String role : roles()) {
      out.add(status(role));
    }
    return out;
  }

  /**
   * How far {@code role} is from its threshold(s): one per encoding, two for a new root (its
   * previous root's keys and its own).
   *
   * @param role a role of {@link #roles()}
   * @return the role's version, expiry and thresholds
   * @throws TufException when a signature cannot be checked
   * @throws IOException when the release cannot be read back from storage
   */
  public RoleStatus status(String role) throws TufException, IOException {
    List<ThresholdResult> checks = new ArrayList<>();
    Signed<?> md = null;
    for (MetadataEncoding e : encodingsOf(role)) {
      md = metadata(role, e);
      String in = files.size() > 1 ? ", " + e : ""; // one label per encoding when several
      if (FileSet.ROOT.equals(role)) {
        Root newRoot = files.get(e).root.signed();
        Signed<Root> previousRoot = editor.published().root(e);
        if (previousRoot != null) {
          checks.add(SignatureThreshold.check("root (keys of v" + previousRoot.signed().version()
              + in + ")", previousRoot.signed().keys(), previousRoot.signed().role(RoleType.ROOT),
              md, CryptoBackends.defaultBackend()));
        }
        checks.add(SignatureThreshold.check("root (keys of v" + newRoot.version() + in + ")",
            newRoot.keys(), newRoot.role(RoleType.ROOT), md, CryptoBackends.defaultBackend()));
      } else {
        checks.add(SignatureThreshold.check(role + label(e), trust.keysFor(role, e),
            trust.roleFor(role), md, CryptoBackends.defaultBackend()));
      }
    }
    return new RoleStatus(role, md.signed().version(), md.signed().expires(), checks);
  }

  /**
   * Whether every role's threshold is met.
   *
   * @return true when {@link #publish()} can go ahead
   * @throws TufException when a signature cannot be checked
   * @throws IOException when the release cannot be read back from storage
   */
  public boolean isFullySigned() throws TufException, IOException {
    for (RoleStatus s : status()) {
      if (!s.isComplete()) {
        return false;
      }
    }
    return true;
  }

  /**
   * Verifies the release as a client would, in each encoding, and writes it: target files, then
   * delegated and top-level targets metadata, the snapshot, the root (as {@code N.root.json} and
   * {@code root.json}), and {@code timestamp.json} last, each write atomic; with several
   * encodings, each step writes every encoding's file before the next step. Until the timestamp
   * is written, clients keep seeing the previous release.
   *
   * @throws InvalidRepositoryException if a threshold is unmet or a client would reject the
   *     result; nothing is written then
   * @throws IOException when the storage cannot be read or written
   */
  public void publish() throws TufException, IOException {
    editor.lock().requireWritable("publish");
    requireNotPublished();
    for (RoleStatus s : status()) {
      if (!s.isComplete()) {
        throw new InvalidRepositoryException("cannot publish: " + s.describe());
      }
    }
    ReleaseValidator validator = new ReleaseValidator(editor, trust);
    for (Map.Entry<MetadataEncoding, FileSet> e : files.entrySet()) {
      validator.validate(e.getKey(), e.getValue(), label(e.getKey()));
    }
    editor.published().requireUnchangedSinceRead();
    AtomicWriter.write(editor.storage(),
        PublicationPlan.of(files, content, finalRoot().consistentSnapshot()));
    published = true;
    SavedRelease.discard(editor.storage());
    editor.afterPublish(this);
  }

  /** The target content this release writes, by target path. */
  Map<String, TargetContent> content() {
    return content;
  }

  /** Every encoding's file set, in encoding order. */
  Map<MetadataEncoding, FileSet> fileSets() {
    return files;
  }

  /** The new root, if this release rotates root (in the first encoding that has it). */
  Optional<Signed<Root>> root() {
    for (FileSet f : files.values()) {
      if (f.root != null) {
        return Optional.of(f.root);
      }
    }
    return Optional.empty();
  }

  /** The root clients trust once this release is published. */
  Root finalRoot() {
    return root().orElse(editor.published().root()).signed();
  }

  /** {@code role}'s file in {@code encoding}, refused when this release does not sign it. */
  Signed<?> metadata(String role, MetadataEncoding encoding) {
    Signed<?> md = fileSet(encoding).get(role);
    if (md == null) {
      throw new IllegalArgumentException("this release does not sign " + role
          + "; it signs " + roles());
    }
    return md;
  }

  /**
   * Puts {@code md} in place of {@code role}'s file; the snapshot and timestamp descriptions that
   * cover it follow (the bytes a file's length and hash describe include its signatures).
   */
  void replace(String role, MetadataEncoding encoding, Signed<?> md)
      throws TufException, IOException {
    FileSet f = files.get(encoding);
    f.put(role, md);
    switch (role) {
      case FileSet.ROOT, FileSet.TIMESTAMP -> { }
      case FileSet.SNAPSHOT -> descriptions.describeSnapshot(f);
      default -> descriptions.describeTargets(f, role);
    }
  }

  ReleaseTrust trust() {
    return trust;
  }

  FileSet fileSet(MetadataEncoding encoding) {
    FileSet f = files.get(Objects.requireNonNull(encoding, "encoding"));
    if (f == null) {
      throw new IllegalArgumentException("this release is written in " + files.keySet()
          + ", not " + encoding);
    }
    return f;
  }

  MetadataEncoding first() {
    return files.keySet().iterator().next();
  }

  /** The encodings in which this release writes {@code role}: all, except maybe for root. */
  List<MetadataEncoding> encodingsOf(String role) {
    List<MetadataEncoding> out = new ArrayList<>();
    files.forEach((e, f) -> {
      if (!FileSet.ROOT.equals(role) || f.root != null) {
        out.add(e);
      }
    });
    return out;
  }

  /** " (CBOR)" for messages about one encoding's file, when there are several. */
  String label(MetadataEncoding encoding) {
    return files.size() > 1 ? " (" + encoding + ")" : "";
  }

  void requireNotPublished() {
    if (published) {
      throw new IllegalStateException("this release is already published");
    }
  }
}
