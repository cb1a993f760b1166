package org.tuf4j.client;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.tuf4j.FetchException;
import org.tuf4j.TooLargeException;
import org.tuf4j.TufException;

/**
 * A {@link Fetcher} read within a bound, for the upper bounds of TUF spec §5.3.3, §5.4.1,
 * §5.5.1 and §5.6.1 (a metadata file, read whole) and §5.7.3 (a target, streamed, at most its
 * trusted length). A failure while reading a transfer is that transfer's {@link FetchException},
 * never mistaken for a local I/O error. Decides nothing about trust.
 */
final class BoundedFetcher {
  private static final int FIRST_CHUNK = 16 * 1024;
  private static final int LARGEST_CHUNK = 1 << 20;

  private final Fetcher fetcher;

  BoundedFetcher(Fetcher fetcher) {
    this.fetcher = fetcher;
  }

  /** What is done with a transfer's stream; its read failures are the transfer's. */
  interface Body {
    void read(InputStream in) throws TufException, IOException;
  }

  /** Reads at most {@code max} bytes of {@code uri}; more is {@link TooLargeException}. */
  byte[] readAll(URI uri, long max, String what) throws TufException {
    return read(uri, max, what, null).bytes().orElseThrow();
  }

  /**
   * A conditional read's answer: the bytes and their validators, or no bytes when the file is
   * unchanged since the validators given were received.
   */
  record Conditional(Optional<byte[]> bytes, CacheValidators validators) {}

  /**
   * As {@link #readAll}, unless the repository answers that {@code uri} is unchanged since
   * {@code cached} were received; a "not modified" answer to an unconditional request is a
   * {@link FetchException}.
   */
  Conditional readAllIfModified(URI uri, long max, String what, CacheValidators cached)
      throws TufException {
    return read(uri, max, what, cached);
  }

  /** A conditional read, or a plain one when {@code cached} is null. */
  private Conditional read(URI uri, long max, String what, CacheValidators cached)
      throws TufException {
    long bound = Math.min(max, Integer.MAX_VALUE - 8); // the largest array a JVM allocates
    ConditionalFetch answer = cached == null
        ? new ConditionalFetch.Modified(fetcher.fetch(uri, bound), CacheValidators.NONE)
        : fetcher.fetchIfModified(uri, bound, cached);
    if (!(answer instanceof ConditionalFetch.Modified modified)) {
      if (cached == null || cached.isEmpty()) {
        throw new FetchException(uri, "\"not modified\" answered to an unconditional request");
      }
      return new Conditional(Optional.empty(), cached);
    }
    try (InputStream in = new FetchStream(uri, modified.body())) {
      return new Conditional(Optional.of(readBounded(in, bound, what + " (" + uri + ")")),
          modified.validators());
    } catch (FetchStream.Failure f) {
      throw f.cause;
    } catch (IOException e) {
      throw new FetchException(uri, "closing the transfer failed: " + e.getMessage(), e);
    }
  }

  /**
   * Fetches {@code uri}, asking for at most {@code max} bytes, and hands the stream to {@code
   * body}; a read failure of the transfer is rethrown as its {@link FetchException}.
   */
  void stream(URI uri, long max, Body body) throws TufException, IOException {
    try (InputStream in = new FetchStream(uri, fetcher.fetch(uri, max))) {
      body.read(in);
    } catch (FetchStream.Failure f) {
      throw f.cause;
    }
  }

  /**
   * Chunks, then one exact copy: a large file costs twice its size at the peak, not the three
   * times of a doubling buffer and its final copy.
   */
  private static byte[] readBounded(InputStream in, long max, String what)
      throws TufException, IOException {
    List<byte[]> chunks = new ArrayList<>();
    int chunkSize = FIRST_CHUNK;
    long total = 0;
    while (true) {
      byte[] chunk = new byte[chunkSize];
      int filled = 0;
      int n;
      while (filled < chunk.length && (n = in.read(chunk, filled, chunk.length - filled)) > 0) {
        filled += n;
        if (total + filled > max) {
          throw new TooLargeException(what, max);
        }
      }
      total += filled;
      chunks.add(filled == chunk.length ? chunk : Arrays.copyOf(chunk, filled));
      if (filled < chunk.length) {
        break;
      }
      chunkSize = Math.min(chunkSize * 2, LARGEST_CHUNK);
    }
    if (chunks.size() == 1) {
      return chunks.get(0);
    }
    byte[] out = new byte[(int) total];
    int at = 0;
    for (byte[] c : chunks) {
      System.arraycopy(c, 0, out, at, c.length);
      at += c.length;
    }
    return out;
  }

  /**
   * Turns a read failure of a fetched stream into its {@link FetchException}, so it cannot be
   * mistaken for a local I/O error.
   */
  private static final class FetchStream extends FilterInputStream {
    private final URI uri;

    FetchStream(URI uri, InputStream in) {
      super(in);
      this.uri = uri;
    }

    @Override
    public int read() throws IOException {
      try {
        return super.read();
      } catch (IOException e) {
        throw failure(e);
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        return super.read(b, off, len);
      } catch (IOException e) {
        throw failure(e);
      }
    }

    private Failure failure(IOException e) {
      if (e instanceof Failure f) {
        return f;
      }
      FetchException cause = e.getCause() instanceof FetchException fe ? fe
          : new FetchException(uri, "transfer failed: " + e, e);
      return new Failure(cause);
    }

    static final class Failure extends IOException {
      final FetchException cause;

      Failure(FetchException cause) {
        super(cause.getMessage(), cause);
        this.cause = cause;
      }
    }
  }
}
