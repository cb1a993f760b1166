package org.tuf4j.examples.ota;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.tuf4j.InvalidRepositoryException;
import org.tuf4j.TufException;
import org.tuf4j.client.TargetInfo;
import org.tuf4j.client.Updater;
import org.tuf4j.encoding.CanonicalJson;
import org.tuf4j.encoding.JsonValue;
import org.tuf4j.encoding.JsonValue.JsonBoolean;
import org.tuf4j.encoding.JsonValue.JsonObject;
import org.tuf4j.encoding.JsonValue.JsonString;
import org.tuf4j.repository.Storage;
import org.tuf4j.uptane.DirectorPublication;
import org.tuf4j.uptane.DirectorRepository;
import org.tuf4j.uptane.EcuAssignment;
import org.tuf4j.uptane.ManifestVerifier;
import org.tuf4j.uptane.ReplayedReportException;
import org.tuf4j.uptane.VerifiedManifest;

/**
 * An OTA server embedding the Uptane Director (Uptane Standard #director_repository) over HTTP,
 * on the JDK's {@code com.sun.net.httpserver}:
 * <ul>
 *   <li>{@code GET /director/<vehicle id>/<file>}: the vehicle's Director metadata, as a
 *       Primary's TUF client asks for it ({@code metadataBaseUrl(<base>/director/<vehicle
 *       id>/)}). A request for {@code timestamp.json} first brings the vehicle's metadata up to
 *       date ({@link DirectorRepository#generate}), which signs nothing when nothing changed;
 *   <li>{@code POST /director/<vehicle id>/manifest}: a vehicle version manifest, checked by
 *       {@link DirectorRepository#receiveManifest} (signatures, ECUs, replay: steps 1–4); 200
 *       when accepted, 409 for a replayed report, 400 for any other refusal, 404 for a vehicle
 *       that is not registered;
 *   <li>{@code PUT /admin/assignments/<vehicle id>} with {@code Authorization: Bearer <admin
 *       token>}: a JSON object of ECU serial to image path, the vehicle's whole plan. Each
 *       image is looked up in the Image repository as a TUF client verifies it, so the Director
 *       directs only images the Image repository signs; then the vehicle's metadata is
 *       generated;
 *   <li>{@code GET /image/<path>}: the Image repository's files, so that one server is enough
 *       for a demo (an OEM usually serves them from a CDN).
 * </ul>
 *
 * <p>Every request body is bounded ({@value #MAX_BODY} bytes); paths are checked before they
 * reach a storage. Where the state lives is the {@link DirectorRepository}'s business: on disk
 * by default, in PostgreSQL (with metadata on S3) when {@link OtaMain} is configured so, and
 * then several servers share one fleet.
 */
public final class OtaServer implements AutoCloseable {
  /** The largest request body accepted: 1 MiB. */
  public static final int MAX_BODY = 1 << 20;

  /** How long the Image repository's metadata is used before the next refresh: 1 s. */
  private static final long IMAGE_REFRESH_NANOS = TimeUnit.SECONDS.toNanos(1);
  private static final Pattern FILE_NAME = Pattern.compile("[0-9A-Za-z_-][0-9A-Za-z._-]{0,127}");

  private final DirectorRepository director;
  private final Storage published;
  private final Storage imageRepository;
  private final Updater imageClient;
  private final byte[] adminToken;
  private final ManifestVerifier verifier;
  private final Clock clock;
  private final HttpServer http;
  private final ExecutorService workers;
  private long lastImageRefresh = System.nanoTime() - IMAGE_REFRESH_NANOS - 1; // imageClient's

  private OtaServer(DirectorRepository director, Storage published, Storage imageRepository,
      Updater imageClient, String adminToken, Clock clock, int port, int threads)
      throws IOException {
    this.director = director;
    this.published = published;
    this.imageRepository = imageRepository;
    this.imageClient = imageClient;
    this.adminToken = ("Bearer " + adminToken).getBytes(StandardCharsets.UTF_8);
    this.verifier = ManifestVerifier.standard();
    this.clock = clock;
    this.http = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 256);
    this.workers = Executors.newFixedThreadPool(threads);
    http.setExecutor(workers);
    http.createContext("/director/", this::director);
    http.createContext("/admin/assignments/", this::assignments);
    http.createContext("/image/", this::image);
  }

  /**
   * Starts a server on 127.0.0.1.
   *
   * @param director the Director, with its published storage {@code published}
   * @param published the storage the Director publishes to
   * @param imageRepository the Image repository's storage, served under {@code /image/}
   * @param imageClient a TUF client of the Image repository, to look up assigned images
   * @param adminToken the bearer token of the admin requests, at least 16 characters
   * @param clock the time manifests are checked at
   * @param port the port, 0 for any free one
   * @param threads the request threads
   * @return the running server
   * @throws IOException when the port cannot be bound
   */
  public static OtaServer start(DirectorRepository director, Storage published,
      Storage imageRepository, Updater imageClient, String adminToken, Clock clock, int port,
      int threads) throws IOException {
    if (adminToken.length() < 16) {
      throw new IllegalArgumentException("the admin token has at least 16 characters");
    }
    OtaServer s = new OtaServer(Objects.requireNonNull(director), published, imageRepository,
        imageClient, adminToken, clock, port, threads);
    s.http.start();
    return s;
  }

  /**
   * The server's base URL.
   *
   * @return {@code http://127.0.0.1:PORT/}
   */
  public URI baseUri() {
    return URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/");
  }

  @Override
  public void close() {
    http.stop(0);
    workers.shutdown();
    try {
      workers.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ------------------------------------------------------------------ handlers

  private void director(HttpExchange x) throws IOException {
    try (x) {
      String[] parts = x.getRequestURI().getRawPath().substring("/director/".length())
          .split("/", -1);
      if (parts.length != 2 || !FILE_NAME.matcher(parts[1]).matches()
          || !FILE_NAME.matcher(parts[0]).matches()) {
        reply(x, 404, error("NotFound", "no such file"));
        return;
      }
      String vin = parts[0];
      String method = x.getRequestMethod();
      if (parts[1].equals("manifest") && method.equals("POST")) {
        manifest(x, vin);
      } else if (method.equals("GET") || method.equals("HEAD")) {
        metadata(x, vin, parts[1]);
      } else {
        reply(x, 405, error("MethodNotAllowed", method));
      }
    } catch (RuntimeException e) {
      reply(x, 500, error("Internal", e.toString()));
    }
  }

  private void metadata(HttpExchange x, String vin, String file) throws IOException {
    String path;
    try {
      path = DirectorRepository.metadataPath(vin) + file;
    } catch (IllegalArgumentException e) {
      reply(x, 404, error("NotFound", "no such vehicle"));
      return;
    }
    try {
      if (file.equals("timestamp.json")) {
        director.generate(vin); // renews what expires; signs nothing when nothing changed
      }
    } catch (InvalidRepositoryException e) {
      if (!registered(vin)) {
        reply(x, 404, error("NotFound", "vehicle " + vin + " is not registered"));
        return;
      }
      reply(x, 503, error(e.getClass().getSimpleName(), e.getMessage()));
      return;
    } catch (TufException e) {
      reply(x, 503, error(e.getClass().getSimpleName(), e.getMessage()));
      return;
    }
    serve(x, published.read(path));
  }

  private void manifest(HttpExchange x, String vin) throws IOException {
    Optional<byte[]> body = body(x);
    if (body.isEmpty()) {
      return;
    }
    try {
      VerifiedManifest m = director.receiveManifest(vin, body.get(), verifier, clock.instant());
      reply(x, 200, json(Map.of("accepted", JsonBoolean.TRUE, "ecus",
          JsonValue.of(m.payload().ecuVersionReports().size()))));
    } catch (InvalidRepositoryException e) {
      // looked up only on a refusal: an accepted manifest costs one unit of work, not two
      if (!registered(vin)) {
        reply(x, 404, error("NotFound", "vehicle " + vin + " is not registered"));
        return;
      }
      reply(x, 400, error(e.getClass().getSimpleName(), e.getMessage()));
    } catch (ReplayedReportException e) {
      reply(x, 409, error(e.getClass().getSimpleName(), e.getMessage()));
    } catch (TufException e) {
      reply(x, 400, error(e.getClass().getSimpleName(), e.getMessage()));
    }
  }

  private void assignments(HttpExchange x) throws IOException {
    try (x) {
      String auth = x.getRequestHeaders().getFirst("Authorization");
      if (auth == null || !MessageDigest.isEqual(adminToken,
          auth.getBytes(StandardCharsets.UTF_8))) {
        reply(x, 401, error("Unauthorized", "an admin bearer token is required"));
        return;
      }
      if (!x.getRequestMethod().equals("PUT")) {
        reply(x, 405, error("MethodNotAllowed", x.getRequestMethod()));
        return;
      }
      String vin = x.getRequestURI().getRawPath().substring("/admin/assignments/".length());
      Optional<byte[]> body = body(x);
      if (body.isEmpty()) {
        return;
      }
      try {
        if (!FILE_NAME.matcher(vin).matches() || !registered(vin)) {
          reply(x, 404, error("NotFound", "vehicle " + vin + " is not registered"));
          return;
        }
        List<EcuAssignment> plan = new ArrayList<>();
        JsonValue parsed = CanonicalJson.parse(body.get());
        if (!(parsed instanceof JsonObject o)) {
          reply(x, 400, error("BadRequest", "expected an object of ECU serial to image path"));
          return;
        }
        synchronized (imageClient) {
          long now = System.nanoTime();
          if (now - lastImageRefresh > IMAGE_REFRESH_NANOS) {
            imageClient.refresh(); // an operator's new release is seen within a second
            lastImageRefresh = now;
          }
          for (Map.Entry<String, JsonValue> e : o.members().entrySet()) {
            if (!(e.getValue() instanceof JsonString path)) {
              reply(x, 400, error("BadRequest", "ECU " + e.getKey() + ": an image path"));
              return;
            }
            Optional<TargetInfo> image = imageClient.getTargetInfo(path.value());
            if (image.isEmpty()) {
              reply(x, 400, error("BadRequest", "the Image repository lists no "
                  + path.value()));
              return;
            }
            plan.add(EcuAssignment.of(e.getKey(), image.get().target()));
          }
        }
        director.setAssignments(vin, plan);
        DirectorPublication p = director.generate(vin);
        reply(x, 200, json(Map.of("targetsVersion", JsonValue.of(p.targetsVersion()),
            "change", JsonValue.of(p.change().name()))));
      } catch (TufException e) {
        reply(x, 400, error(e.getClass().getSimpleName(), e.getMessage()));
      }
    } catch (RuntimeException e) {
      reply(x, 500, error("Internal", e.toString()));
    }
  }

  private void image(HttpExchange x) throws IOException {
    try (x) {
      String path = x.getRequestURI().getRawPath().substring("/image/".length());
      if (!x.getRequestMethod().equals("GET") || !isRepositoryPath(path)) {
        reply(x, 404, error("NotFound", "no such file"));
        return;
      }
      serve(x, imageRepository.read(path));
    }
  }

  /** Whether the vehicle is registered; a record that cannot be read counts as not. */
  private boolean registered(String vin) throws IOException {
    try {
      return director.vehicle(vin).isPresent();
    } catch (TufException | IllegalArgumentException e) {
      return false;
    }
  }

  private static boolean isRepositoryPath(String path) {
    try {
      Storage.requireRepositoryPath(path);
      return !path.contains("%");
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  // ------------------------------------------------------------------ replies

  /** The request body, or empty after replying 413 when it is larger than {@link #MAX_BODY}. */
  private static Optional<byte[]> body(HttpExchange x) throws IOException {
    try (InputStream in = x.getRequestBody()) {
      byte[] body = in.readNBytes(MAX_BODY + 1);
      if (body.length > MAX_BODY) {
        reply(x, 413, error("TooLarge", "the body is larger than " + MAX_BODY + " bytes"));
        return Optional.empty();
      }
      return Optional.of(body);
    }
  }

  private static void serve(HttpExchange x, Optional<byte[]> file) throws IOException {
    if (file.isEmpty()) {
      reply(x, 404, error("NotFound", "no such file"));
      return;
    }
    x.getResponseHeaders().set("Content-Type", "application/octet-stream");
    x.getResponseHeaders().set("Cache-Control", "no-store");
    reply(x, 200, file.get());
  }

  private static byte[] error(String type, String message) {
    return json(Map.of("error", JsonValue.of(type), "message",
        JsonValue.of(message == null ? "" : message)));
  }

  private static byte[] json(Map<String, JsonValue> fields) {
    return CanonicalJson.encode(new JsonObject(fields));
  }

  private static void reply(HttpExchange x, int status, byte[] body) throws IOException {
    boolean head = x.getRequestMethod().equals("HEAD");
    x.sendResponseHeaders(status, head ? -1 : body.length == 0 ? -1 : body.length);
    if (!head && body.length > 0) {
      try (OutputStream out = x.getResponseBody()) {
        out.write(body);
      }
    }
  }
}
