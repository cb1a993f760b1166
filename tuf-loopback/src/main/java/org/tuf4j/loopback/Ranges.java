package org.tuf4j.loopback;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Conditional and partial GETs of an honestly served file (RFC 9110 §13 and §14): {@code ETag}
 * and {@code Last-Modified} validators, {@code 304 Not Modified} for {@code If-None-Match} and
 * {@code If-Modified-Since}, and {@code 206 Partial Content} for a single {@code Range: bytes=}
 * range, guarded by {@code If-Range}.
 */
final class Ranges {
  private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME
      .withZone(ZoneOffset.UTC);

  private Ranges() {}

  /** Whether the request asks for something only this class answers. */
  static boolean applies(HttpExchange exchange, boolean validators) {
    return validators || exchange.getRequestHeaders().containsKey("Range");
  }

  /**
   * Answers a GET of {@code body}: 304 when the client's validators match (only when {@code
   * validators}), 206 for a satisfiable range, 416 for an unsatisfiable one, else 200.
   */
  static void serve(Replies.Reply reply, HttpExchange exchange, byte[] body,
      Optional<Path> file, boolean validators) throws IOException {
    String etag = etag(body);
    Optional<Instant> modified = validators ? lastModified(file) : Optional.empty();
    var out = exchange.getResponseHeaders();
    out.set("Accept-Ranges", "bytes");
    if (validators) {
      out.set("ETag", etag);
      modified.ifPresent(m -> out.set("Last-Modified", HTTP_DATE.format(m)));
      if (notModified(exchange, etag, modified)) {
        reply.headers(304, -1);
        return;
      }
    }
    String range = exchange.getRequestHeaders().getFirst("Range");
    String ifRange = exchange.getRequestHeaders().getFirst("If-Range");
    boolean rangeValid = ifRange == null || ifRange.equals(etag)
        || modified.map(m -> HTTP_DATE.format(m).equals(ifRange)).orElse(false);
    if (range == null || !rangeValid) {
      reply.send(body);
      return;
    }
    long[] span = parse(range, body.length);
    if (span == null) {
      out.set("Content-Range", "bytes */" + body.length);
      reply.headers(416, -1);
      return;
    }
    int from = (int) span[0];
    int length = (int) (span[1] - span[0] + 1);
    out.set("Content-Range", "bytes " + span[0] + "-" + span[1] + "/" + body.length);
    reply.headers(206, length);
    reply.body().write(body, from, length);
  }

  /** A strong entity tag: the first 128 bits of the body's SHA-256, quoted. */
  static String etag(byte[] body) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
      return "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JDK", e);
    }
  }

  private static Optional<Instant> lastModified(Optional<Path> file) {
    if (file.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Files.getLastModifiedTime(file.get()).toInstant()
          .truncatedTo(ChronoUnit.SECONDS));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** RFC 9110 §13.2.2: If-None-Match first; If-Modified-Since only without it. */
  private static boolean notModified(HttpExchange exchange, String etag,
      Optional<Instant> modified) {
    String ifNoneMatch = exchange.getRequestHeaders().getFirst("If-None-Match");
    if (ifNoneMatch != null) {
      for (String tag : ifNoneMatch.split(",")) {
        String t = tag.trim();
        if (t.equals("*") || t.equals(etag) || t.equals("W/" + etag)) {
          return true;
        }
      }
      return false;
    }
    String since = exchange.getRequestHeaders().getFirst("If-Modified-Since");
    if (since == null || modified.isEmpty()) {
      return false;
    }
    try {
      return !modified.get().isAfter(Instant.from(HTTP_DATE.parse(since)));
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  /** {@code bytes=FROM-[TO]} or {@code bytes=-SUFFIX} within {@code size}; null otherwise. */
  private static long[] parse(String range, long size) {
    String r = range.trim();
    if (!r.startsWith("bytes=") || r.contains(",")) {
      return null;
    }
    String spec = r.substring("bytes=".length()).trim();
    int dash = spec.indexOf('-');
    if (dash < 0) {
      return null;
    }
    try {
      String a = spec.substring(0, dash).trim();
      String b = spec.substring(dash + 1).trim();
      long from;
      long to;
      if (a.isEmpty()) {
        long suffix = Long.parseLong(b);
        from = Math.max(0, size - suffix);
        to = size - 1;
      } else {
        from = Long.parseLong(a);
        to = b.isEmpty() ? size - 1 : Math.min(Long.parseLong(b), size - 1);
      }
      return from < 0 || from >= size || to < from ? null : new long[] {from, to};
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
