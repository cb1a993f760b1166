package org.tuf4j.repository;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import org.tuf4j.InvalidRepositoryException;
import org.tuf4j.TufException;

/**
 * Carries out a {@link PublicationPlan}, each file written atomically ({@link Storage#write},
 * {@link Storage#writeNew}: readers see the old file or the new one, never part of it), so that
 * until the timestamp is written clients keep seeing the previous release (TUF spec §6.2.1,
 * §6.3). A versioned file that already exists means another writer published first.
 */
final class AtomicWriter {
  private AtomicWriter() {
  }

  static void write(Storage storage, PublicationPlan plan) throws TufException, IOException {
    try {
      for (PublicationPlan.Step step : plan.steps()) {
        write(storage, step);
      }
    } catch (FileAlreadyExistsException e) {
      throw new InvalidRepositoryException(InvalidRepositoryException.Reason
          .CONCURRENTLY_MODIFIED, "another writer published " + e.getFile() + " first; this "
          + "release is not published: open the repository again and redo the edit", e);
    }
  }

  private static void write(Storage storage, PublicationPlan.Step step)
      throws TufException, IOException {
    if (step instanceof PublicationPlan.Link l) {
      storage.link(l.existing(), l.path());
    } else if (step instanceof PublicationPlan.Content c) {
      try (InputStream in = c.content().open(storage, c.target())) {
        if (c.createNew()) {
          storage.writeNew(c.path(), in);
        } else {
          storage.write(c.path(), in);
        }
      }
    } else if (step instanceof PublicationPlan.Metadata m) {
      if (m.createNew()) {
        storage.writeNew(m.path(), m.bytes());
      } else {
        storage.write(m.path(), m.bytes());
      }
    }
  }
}
