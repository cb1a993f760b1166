package org.tuf4j.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.tuf4j.FetchException;
import org.tuf4j.SlowRetrievalException;

/**
 * The body of one HTTP response as a stream that pulls from the connection only as the caller
 * reads (defences against the endless data and slow retrieval attacks, TUF spec §1.5.2).
 *
 * <p>The bytes come from the transport as a {@link Flow} of buffer lists ({@link #subscriber}):
 * at most one list is requested at a time, and only once the caller has read the previous one,
 * so memory is bounded by the transport's buffer size whatever the server sends. Each wait for data is bounded by the read
 * timeout, and the average rate is checked against the minimum once the grace period is over.
 * The rate clock counts the wait for the response headers plus the time {@link #read} spends
 * waiting for the server; time the caller spends between reads is not held against the server.
 *
 * <p>One thread reads; {@link #close} may be called from any thread.
 */
final class HttpBodyStream extends InputStream {
  // Queue signals besides List<ByteBuffer> items and Throwables from onError.
  private static final Object COMPLETE = new Object();
  private static final Object CLOSED = new Object();

  private final URI uri;
  private final long limit;
  private final long readTimeoutNanos;
  private final long minBytesPerSecond;
  private final long graceNanos;
  private final long headerWaitNanos;

  // Holds at most one item (demand is one at a time) plus a terminal signal and CLOSED.
  private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
  private final CompletableFuture<Flow.Subscription> subscription = new CompletableFuture<>();
  private final Subscriber subscriber = new Subscriber();
  private volatile boolean closed;

  // Reader-thread state.
  private final ArrayDeque<ByteBuffer> pending = new ArrayDeque<>();
  private ByteBuffer current;
  private boolean demanded;
  private boolean complete;
  private FetchException failure;
  private long received;
  private long delivered;
  private long waitedNanos;

  /**
   * @param maxLength the stream returns at most {@code maxLength + 1} bytes, then EOF
   * @param headerWaitNanos how long the response headers took, counted against the rate
   */
  HttpBodyStream(URI uri, long maxLength, Duration readTimeout, long minBytesPerSecond,
      Duration gracePeriod, long headerWaitNanos) {
    this.uri = uri;
    this.limit = maxLength == Long.MAX_VALUE ? Long.MAX_VALUE : maxLength + 1;
    this.readTimeoutNanos = readTimeout.toNanos();
    this.minBytesPerSecond = minBytesPerSecond;
    this.graceNanos = gracePeriod.toNanos();
    this.headerWaitNanos = headerWaitNanos;
  }

  /**
   * Where the transport delivers the body: one {@code request(1)} at a time, each answered by one
   * {@code onNext} whose buffers the transport leaves alone until the next request; {@code
   * cancel} when the stream is closed or has given up. An {@code onError} with a {@link
   * HttpTransport.TimedOut} is a slow retrieval, any other a failed transfer.
   */
  Flow.Subscriber<List<ByteBuffer>> subscriber() {
    return subscriber;
  }

  @Override
  public int read() throws IOException {
    ensureOpen();
    if (!readable()) {
      return -1;
    }
    delivered++;
    return current.get() & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    ensureOpen();
    if (len == 0) {
      return 0;
    }
    if (!readable()) {
      return -1;
    }
    int n = (int) Math.min(Math.min(len, current.remaining()), limit - delivered);
    current.get(b, off, n);
    delivered += n;
    return n;
  }

  @Override
  public int available() throws IOException {
    ensureOpen();
    if (current == null || delivered >= limit) {
      return 0;
    }
    return (int) Math.min(current.remaining(), limit - delivered);
  }

  /** Cancels the transfer so the transport stops reading from the server. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    cancel();
    // Wakes a reader blocked in another thread.
    queue.offer(CLOSED);
  }

  /** Whether a byte can be returned now; false at EOF, including the {@code maxLength + 1} cap. */
  private boolean readable() throws IOException {
    if (delivered >= limit) {
      // The caller will refuse this file anyway; stop the transfer now.
      cancel();
      return false;
    }
    return fill();
  }

  private void ensureOpen() throws IOException {
    if (closed) {
      throw new IOException(uri + ": stream closed");
    }
  }

  private void cancel() {
    subscription.thenAccept(Flow.Subscription::cancel);
  }

  /** Makes {@code current} non-empty; false at the end of the body. */
  private boolean fill() throws IOException {
    while (current == null || !current.hasRemaining()) {
      if (!pending.isEmpty()) {
        current = pending.poll();
        continue;
      }
      if (failure != null) {
        throw new IOException(failure.getMessage(), failure);
      }
      if (complete) {
        return false;
      }
      Object item = next();
      if (item instanceof List<?> buffers) {
        for (Object o : buffers) {
          ByteBuffer buffer = (ByteBuffer) o;
          received += buffer.remaining();
          pending.add(buffer);
        }
      } else if (item == COMPLETE) {
        complete = true;
      } else if (item == CLOSED) {
        throw new IOException(uri + ": stream closed");
      } else if (item instanceof Throwable t) {
        failure = transferFailure(t);
      }
    }
    return true;
  }

  /** Takes the next item, requesting it first, waiting no longer than the timeouts allow. */
  private Object next() throws IOException {
    if (!demanded) {
      demanded = true;
      subscription.thenAccept(s -> s.request(1));
    }
    long waitStart = System.nanoTime();
    long idleDeadline = waitStart + readTimeoutNanos;
    while (true) {
      long now = System.nanoTime();
      long elapsed = elapsedNanos(now - waitStart);
      long wait = idleDeadline - now;
      long rateWait = Long.MAX_VALUE;
      if (minBytesPerSecond > 0) {
        // The elapsed time at which the average rate would drop below the minimum.
        double rateDeadline = Math.max(graceNanos, received * 1e9 / minBytesPerSecond);
        rateWait = rateDeadline >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) rateDeadline - elapsed;
      }
      if (wait <= 0 || rateWait <= 0) {
        waitedNanos += now - waitStart;
        String detail = wait <= 0
            ? "no data for " + Duration.ofNanos(readTimeoutNanos).toMillis() + " ms"
            : "below the minimum of " + minBytesPerSecond + " bytes/s";
        failure = new SlowRetrievalException(uri, received, Duration.ofNanos(elapsed), detail);
        cancel();
        throw new IOException(failure.getMessage(), failure);
      }
      Object item;
      try {
        item = queue.poll(Math.min(wait, rateWait), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        cancel();
        Thread.currentThread().interrupt();
        InterruptedIOException ie = new InterruptedIOException(uri + ": interrupted");
        ie.initCause(e);
        throw ie;
      }
      if (item != null) {
        waitedNanos += System.nanoTime() - waitStart;
        if (item instanceof List) {
          demanded = false;
        }
        return item;
      }
    }
  }

  private long elapsedNanos(long currentWait) {
    return headerWaitNanos + waitedNanos + currentWait;
  }

  private FetchException transferFailure(Throwable t) {
    if (t instanceof HttpTransport.TimedOut) {
      FetchException e = new SlowRetrievalException(uri, received,
          Duration.ofNanos(elapsedNanos(0)), t.getMessage());
      e.initCause(t);
      return e;
    }
    return new FetchException(uri, "transfer failed after " + received + " bytes: " + t, t);
  }

  /** Hands the transport's buffers to the reader; demand comes only from {@link #next}. */
  private final class Subscriber implements Flow.Subscriber<List<ByteBuffer>> {
    @Override
    public void onSubscribe(Flow.Subscription s) {
      Objects.requireNonNull(s);
      if (!subscription.complete(s)) {
        s.cancel();
        return;
      }
      if (closed) {
        s.cancel();
      }
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
      queue.offer(item);
    }

    @Override
    public void onError(Throwable throwable) {
      queue.offer(throwable);
    }

    @Override
    public void onComplete() {
      queue.offer(COMPLETE);
    }
  }
}
