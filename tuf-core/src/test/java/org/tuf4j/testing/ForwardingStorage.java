package org.tuf4j.testing;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import org.tuf4j.TufException;
import org.tuf4j.repository.Storage;

/**
 * A {@link Storage} that passes every call on to another, the lock and the create-only writes
 * included (so the other's own {@code writeNew}, {@code link} and {@code lock} are the ones
 * used), and calls {@link #beforeWrite} before each call that changes the storage: to record the
 * order of writes, or to fail one as a power cut would.
 */
public class ForwardingStorage implements Storage {
  /** The storage calls are passed on to. */
  protected final Storage delegate;

  /**
   * Passes calls on to {@code delegate}.
   *
   * @param delegate the storage that does the work
   */
  public ForwardingStorage(Storage delegate) {
    this.delegate = delegate;
  }

  /**
   * Called before {@code write}, {@code writeNew}, {@code link} and {@code delete}; does
   * nothing here.
   *
   * @param operation the method's name
   * @param path the repository path written (for {@code link}, the new name)
   * @throws IOException to make the call fail before it reaches the storage
   */
  protected void beforeWrite(String operation, String path) throws IOException {}

  @Override
  public Lock lock() throws TufException, IOException {
    return delegate.lock();
  }

  @Override
  public Optional<byte[]> read(String path) throws IOException {
    return delegate.read(path);
  }

  @Override
  public boolean exists(String path) throws IOException {
    return delegate.exists(path);
  }

  @Override
  public void write(String path, byte[] data) throws IOException {
    beforeWrite("write", path);
    delegate.write(path, data);
  }

  @Override
  public void write(String path, InputStream data) throws IOException {
    beforeWrite("write", path);
    delegate.write(path, data);
  }

  @Override
  public void writeNew(String path, byte[] data) throws IOException {
    beforeWrite("writeNew", path);
    delegate.writeNew(path, data);
  }

  @Override
  public void writeNew(String path, InputStream data) throws IOException {
    beforeWrite("writeNew", path);
    delegate.writeNew(path, data);
  }

  @Override
  public void link(String existing, String path) throws IOException {
    beforeWrite("link", path);
    delegate.link(existing, path);
  }

  @Override
  public void delete(String path) throws IOException {
    beforeWrite("delete", path);
    delegate.delete(path);
  }
}
