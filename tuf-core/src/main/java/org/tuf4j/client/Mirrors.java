package org.tuf4j.client;

import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.tuf4j.TufException;
import org.tuf4j.metadata.MetadataEncoding;

/**
 * The repository's base URLs in the order they are tried: the metadata and target URLs, then
 * their mirrors. A step that fails on one mirror — the file cannot be fetched, or {@link
 * TrustedMetadataSet} or the hash check refuses its bytes — is tried on the next, and the skip is
 * reported as {@link UpdateEvent.MirrorSkipped} (TUF spec §5 on malicious mirrors: a mirror is
 * never trusted, only what verifies). Decides nothing about trust: the step does, and a refused
 * update leaves the trusted set as it was, so the next mirror starts from the same state.
 */
final class Mirrors {
  /** The most mirrors of each kind, the primary URL included. */
  static final int MAX_MIRRORS = 16;

  /** One attempt of a step against one mirror's layout. */
  interface Attempt<T> {
    T run(RepositoryLayout layout) throws TufException, IOException;
  }

  private final List<URI> metadataBases;
  private final List<RepositoryLayout> metadata = new ArrayList<>();
  private final List<URI> targetBases;
  private final List<RepositoryLayout> targets = new ArrayList<>();
  private final EventSink events;

  /**
   * @param metadataBases the metadata base URLs, primary first; at least one
   * @param targetBases the target base URLs, primary first; empty when targets are not
   *     downloaded
   */
  Mirrors(List<URI> metadataBases, List<URI> targetBases, MetadataEncoding encoding,
      EventSink events) {
    this.metadataBases = List.copyOf(metadataBases);
    this.targetBases = List.copyOf(targetBases);
    this.events = events;
    for (URI m : this.metadataBases) {
      metadata.add(new RepositoryLayout(m, null, encoding));
    }
    for (URI t : this.targetBases) {
      targets.add(new RepositoryLayout(this.metadataBases.get(0), t, encoding));
    }
    if (targets.isEmpty()) {
      targets.add(new RepositoryLayout(this.metadataBases.get(0), null, encoding));
    }
  }

  /** A layout of the primary URLs alone. */
  RepositoryLayout primary() {
    return targets.get(0);
  }

  /** Runs {@code attempt} against each metadata mirror in turn until one succeeds. */
  <T> T metadata(String file, Supplier<Instant> at, Attempt<T> attempt)
      throws TufException, IOException {
    return each(metadata, metadataBases, file, at, attempt);
  }

  /** Runs {@code attempt} against each target mirror in turn until one succeeds. */
  <T> T targets(String file, Supplier<Instant> at, Attempt<T> attempt)
      throws TufException, IOException {
    return each(targets, targetBases, file, at, attempt);
  }

  /**
   * The first success; when every mirror fails, the primary's failure with the others
   * suppressed, so that a single URL behaves exactly as before.
   */
  private <T> T each(List<RepositoryLayout> layouts, List<URI> bases, String file,
      Supplier<Instant> at, Attempt<T> attempt) throws TufException, IOException {
    TufException failure = null;
    for (int i = 0; i < layouts.size(); i++) {
      try {
        return attempt.run(layouts.get(i));
      } catch (TufException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
        if (i + 1 < layouts.size()) {
          events.emit(new UpdateEvent.MirrorSkipped(at.get(), bases.get(i), file, e));
        }
      }
    }
    throw failure;
  }
}
