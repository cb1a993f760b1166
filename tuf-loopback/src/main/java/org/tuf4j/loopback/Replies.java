package org.tuf4j.loopback;

import com.sun.net.httpserver.HttpExchange;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.util.Arrays;
import java.util.Optional;
import org.tuf4j.loopback.LoopbackServer.Behaviour;

/** How a {@link LoopbackServer} answers GET and HEAD: honestly, or as a {@link Behaviour} says. */
final class Replies {
  private static final byte[] FILLER = new byte[16 * 1024];

  static {
    Arrays.fill(FILLER, (byte) ' ');
  }

  private Replies() {}

  /** The response being sent: its status and the body bytes written so far. */
  static final class Reply {
    private final HttpExchange exchange;
    private int status = 500;
    private long sent;

    Reply(HttpExchange exchange) {
      this.exchange = exchange;
    }

    int status() {
      return status;
    }

    long sent() {
      return sent;
    }

    /** Sends the headers; {@code length} as HttpExchange takes it (-1 none, 0 chunked). */
    void headers(int code, long length) throws IOException {
      status = code;
      exchange.sendResponseHeaders(code, length);
    }

    OutputStream body() {
      return new FilterOutputStream(exchange.getResponseBody()) {
        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          out.write(b, off, len);
          sent += len;
        }

        @Override
        public void write(int b) throws IOException {
          out.write(b);
          sent++;
        }
      };
    }

    void send(byte[] body) throws IOException {
      headers(200, body.length == 0 ? -1 : body.length);
      if (body.length > 0) {
        body().write(body);
      }
    }
  }

  private static void contentType(HttpExchange exchange, String path) {
    exchange.getResponseHeaders().set("Content-Type", path.endsWith(".json")
        ? "application/json" : "application/octet-stream");
  }

  /** Headers only, as an honest GET would answer. */
  static void head(Reply reply, Source source, String path) throws IOException {
    Optional<Source.Body> body = source.find(path);
    Optional<Long> size = Optional.empty();
    if (body.isPresent() && body.get().bytes().isPresent()) {
      size = Optional.of((long) body.get().bytes().get().length);
    } else if (body.isPresent()) {
      try (SeekableByteChannel in = body.get().open()) {
        size = Optional.of(in.size());
      } catch (IOException e) {
        size = Optional.empty();
      }
    }
    if (size.isEmpty()) {
      reply.headers(404, -1);
      return;
    }
    contentType(reply.exchange, path);
    reply.exchange.getResponseHeaders().set("Content-Length", Long.toString(size.get()));
    reply.headers(200, -1);
  }

  static void get(Reply reply, Source source, String path, Behaviour behaviour,
      boolean validators) throws IOException, InterruptedException {
    if (behaviour instanceof Behaviour.Status s) {
      reply.headers(s.code(), -1);
      return;
    }
    contentType(reply.exchange, path);
    if (behaviour instanceof Behaviour.Content c) {
      reply.send(c.body());
      return;
    }
    Optional<Source.Body> found = source.find(path);
    if (behaviour instanceof Behaviour.Serve) {
      Optional<byte[]> whole = found.isPresent() && Ranges.applies(reply.exchange, validators)
          ? found.get().read() : Optional.empty();
      if (whole.isPresent()) {
        Ranges.serve(reply, reply.exchange, whole.get(), found.get().file(), validators);
      } else {
        serve(reply, found);
      }
      return;
    }
    Optional<byte[]> file = found.isPresent() ? found.get().read() : Optional.empty();
    if (behaviour instanceof Behaviour.Endless) {
      reply.headers(200, 0);
      OutputStream out = reply.body();
      if (file.isPresent()) {
        out.write(file.get());
      }
      while (!Thread.currentThread().isInterrupted()) {
        out.write(FILLER);
      }
      return;
    }
    if (file.isEmpty()) {
      reply.headers(404, -1);
      return;
    }
    misbehave(reply, file.get(), behaviour);
  }

  /** The body as it is, a file streamed without being read whole; 404 when there is none. */
  private static void serve(Reply reply, Optional<Source.Body> found) throws IOException {
    if (found.isPresent() && found.get().bytes().isPresent()) {
      reply.send(found.get().bytes().get());
      return;
    }
    SeekableByteChannel channel = null;
    if (found.isPresent()) {
      try {
        channel = found.get().open();
      } catch (IOException e) {
        channel = null;
      }
    }
    if (channel == null) {
      reply.headers(404, -1);
      return;
    }
    try (SeekableByteChannel in = channel) {
      long size = in.size();
      // A zero length would mean "chunked" to HttpExchange; -1 means "no body".
      reply.headers(200, size == 0 ? -1 : size);
      if (size > 0) {
        try (OutputStream out = reply.body()) {
          Channels.newInputStream(in).transferTo(out);
        }
      }
    }
  }

  private static void misbehave(Reply reply, byte[] body, Behaviour behaviour)
      throws IOException, InterruptedException {
    if (behaviour instanceof Behaviour.Drip d) {
      reply.headers(200, body.length == 0 ? -1 : body.length);
      OutputStream out = reply.body();
      for (int off = 0; off < body.length; off += d.bytes()) {
        if (off > 0) {
          Thread.sleep(d.interval().toMillis());
        }
        out.write(body, off, Math.min(d.bytes(), body.length - off));
        out.flush();
      }
    } else if (behaviour instanceof Behaviour.StallAfterHeaders s) {
      reply.headers(200, body.length == 0 ? -1 : body.length);
      Thread.sleep(s.stall().toMillis());
      reply.body().write(body);
    } else if (behaviour instanceof Behaviour.DropAfter d) {
      reply.headers(200, body.length == 0 ? -1 : body.length);
      OutputStream out = reply.body();
      out.write(body, 0, (int) Math.min(body.length, d.bytes()));
      out.flush();
      // Closing a fixed-length stream short of its length makes the JDK drop the connection.
    } else if (behaviour instanceof Behaviour.ContentLength c) {
      reply.headers(200, c.claimed() == 0 ? -1 : c.claimed());
      OutputStream out = reply.body();
      out.write(body, 0, (int) Math.min(body.length, c.claimed()));
      out.flush();
      // Closing a fixed-length stream short of its length makes the JDK drop the connection.
    }
  }
}
