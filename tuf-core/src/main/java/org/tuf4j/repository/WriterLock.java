package org.tuf4j.repository;

import java.io.IOException;
import org.tuf4j.InvalidRepositoryException;
import org.tuf4j.TufException;

/**
 * An editor's hold on the repository's writer lock ({@link Storage#lock()}): one writer at a
 * time (the repository operations of TUF spec §6 assume one), from open or create until a
 * release is published or saved, or the editor is closed; staging again takes it again. An
 * editor opened for reading only never takes it and refuses every write.
 */
final class WriterLock {
  private final Storage storage;
  private final boolean readOnly;
  private Storage.Lock held;

  WriterLock(Storage storage, Storage.Lock held, boolean readOnly) {
    this.storage = storage;
    this.held = held;
    this.readOnly = readOnly;
  }

  /** The writer lock, or a refusal that names the holder. */
  static Storage.Lock acquire(Storage storage) throws TufException {
    try {
      return storage.lock();
    } catch (IOException e) {
      throw new InvalidRepositoryException("cannot lock the repository: " + e.getMessage(), e);
    }
  }

  static void closeQuietly(Storage.Lock lock, Throwable failure) {
    try {
      lock.close();
    } catch (IOException | RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  /** Refuses a write through an editor opened by {@link RepositoryEditor#inspect}. */
  void requireWritable(String what) {
    if (readOnly) {
      throw new IllegalStateException("cannot " + what + ": the repository was opened for "
          + "reading only (RepositoryEditor.inspect); open it to edit");
    }
  }

  /** Takes the lock again unless held; true when it was taken now. */
  boolean reacquire() throws TufException {
    if (held != null) {
      return false;
    }
    held = acquire(storage);
    return true;
  }

  /** Releases the lock, if held (after a publish or a save, or on close). */
  void release() throws IOException {
    if (held != null) {
      Storage.Lock lock = held;
      held = null;
      lock.close();
    }
  }
}
