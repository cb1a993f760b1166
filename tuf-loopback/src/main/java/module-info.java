/**
 * A static HTTP/1.1 server on the JDK's {@code com.sun.net.httpserver}, for trying repositories
 * out and for testing clients against a real server: {@link org.tuf4j.loopback.LoopbackServer}
 * serves a directory (refusing symbolic links and paths that leave it), in-memory content, or
 * several of them under URL prefixes, logs and counts requests, and misbehaves on request the
 * way attackers and broken networks do. The {@code tuf serve} command, tuf4j's tests, examples
 * and benchmarks all use it; tuf-core itself never needs {@code jdk.httpserver}.
 */
module org.tuf4j.loopback {
  requires jdk.httpserver;

  exports org.tuf4j.loopback;
}
