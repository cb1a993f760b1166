package org.tuf4j.repository;

import java.io.IOException;
import org.tuf4j.InvalidRepositoryException;
import org.tuf4j.TooLargeException;
import org.tuf4j.TufException;
import org.tuf4j.client.TrustOptions;
import org.tuf4j.client.TrustedMetadataSet;
import org.tuf4j.client.UpdaterConfig;
import org.tuf4j.crypto.CryptoBackends;
import org.tuf4j.metadata.MetadataEncoding;
import org.tuf4j.metadata.Root;
import org.tuf4j.metadata.Signed;
import org.tuf4j.metadata.Snapshot;
import org.tuf4j.metadata.Targets;
import org.tuf4j.metadata.Timestamp;

/**
 * Refuses a release a default client would refuse: runs tuf4j's client state machine (TUF spec
 * §5.3 to §5.6: root, timestamp, snapshot, targets and the delegations down to every changed
 * role), with the bounds of a default client ({@link UpdaterConfig#defaults()}), over exactly the
 * bytes that would be written, from the repository's files already published.
 */
final class ReleaseValidator {
  /** The bounds a client has when its application changes nothing. */
  private static final UpdaterConfig DEFAULT_CLIENT = UpdaterConfig.defaults();

  private final RepositoryEditor editor;
  private final ReleaseTrust trust;

  ReleaseValidator(RepositoryEditor editor, ReleaseTrust trust) {
    this.editor = editor;
    this.trust = trust;
  }

  /**
   * Validates {@code f}, the release's files in {@code encoding}.
   *
   * @param label " (CBOR)" when the release has several encodings, for messages
   */
  void validate(MetadataEncoding encoding, FileSet f, String label)
      throws TufException, IOException {
    PublishedRepository published = editor.published();
    Signed<Root> publishedRoot = published.root(encoding);
    byte[] startRoot = (publishedRoot != null ? publishedRoot : f.root).toBytes();
    try {
      TrustedMetadataSet set = TrustedMetadataSet.fromTrustedRoot(startRoot,
          TrustOptions.at(editor.clock().instant()).withBackend(CryptoBackends.defaultBackend())
              .withBounds(DEFAULT_CLIENT).withEncoding(encoding));
      if (publishedRoot != null && f.root != null) {
        set.updateRoot(f.root.toBytes());
      }
      boolean rotated = set.timestampOrSnapshotKeysRotated();
      Signed<Timestamp> oldTimestamp = published.timestamp(encoding);
      if (oldTimestamp != null && !rotated) {
        set.loadLocalTimestamp(oldTimestamp.toBytes());
      }
      if (set.updateTimestamp(f.timestamp.toBytes())
          != TrustedMetadataSet.TimestampUpdate.UPDATED) {
        throw new InvalidRepositoryException("timestamp version does not increase");
      }
      Signed<Snapshot> oldSnapshot = published.snapshot(encoding);
      if (f.snapshot != null) {
        if (oldSnapshot != null && !rotated) {
          set.loadLocalSnapshot(oldSnapshot.toBytes());
        }
        set.updateSnapshot(f.snapshot.toBytes());
      } else {
        set.updateSnapshot(published.snapshotBytes(
            f.timestamp.signed().snapshotMeta().version(), encoding));
      }
      set.updateTargets(targetsBytes(f, RepositoryEditor.TARGETS, encoding));
      for (String role : f.targets.keySet()) {
        loadChain(set, f, role, encoding);
      }
    } catch (InvalidRepositoryException e) {
      throw e;
    } catch (TooLargeException e) {
      throw new InvalidRepositoryException("a default client would refuse this release"
          + label + ": " + e.getMessage() + "; list each targets file's length in the "
          + "snapshot (RepositoryEditor.policy().setSnapshotListsTargetsHashes, the default) "
          + "so clients bound it by that length, or split large roles into hash bins "
          + "(RepositoryEditor.delegations().delegateHashBins)", e);
    } catch (TufException e) {
      throw new InvalidRepositoryException("clients would reject this release"
          + label + ": " + e.getMessage(), e);
    }
  }

  private void loadChain(TrustedMetadataSet set, FileSet f, String role,
      MetadataEncoding encoding) throws TufException, IOException {
    if (set.targets(role).isPresent()) {
      return;
    }
    String delegator = trust.delegatorOf(role);
    loadChain(set, f, delegator, encoding);
    set.updateDelegatedTargets(targetsBytes(f, role, encoding), role, delegator);
  }

  private byte[] targetsBytes(FileSet f, String role, MetadataEncoding encoding)
      throws TufException, IOException {
    Signed<Targets> s = f.targets.get(role);
    return s != null ? s.toBytes() : editor.published().targetsBytes(role, encoding);
  }
}
