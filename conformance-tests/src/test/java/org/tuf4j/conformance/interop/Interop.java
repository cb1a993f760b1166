package org.tuf4j.conformance.interop;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Where the interop readers live and how they are run: the module and project directories, the
 * rule for a missing peer (skipped with a message, but a failure under CI), and subprocesses
 * with a time limit.
 */
final class Interop {
  private Interop() {}

  /** The conformance-tests module directory (Maven runs tests there; found from parents too). */
  static Path moduleDir() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("interop/tuf-js/read.mjs"))) {
        return dir;
      }
      Path child = dir.resolve("conformance-tests");
      if (Files.isRegularFile(child.resolve("interop/tuf-js/read.mjs"))) {
        return child;
      }
    }
    throw new IllegalStateException("conformance-tests/interop not found from "
        + Path.of("").toAbsolutePath());
  }

  /** {@code conformance-tests/interop}: the reader scripts and the test keys. */
  static Path interopDir() {
    return moduleDir().resolve("interop");
  }

  /** The project (clone) root. */
  static Path projectRoot() {
    return moduleDir().getParent();
  }

  /** Whether this is a CI run ({@code CI} set, as CI services and .ci/run do). */
  static boolean underCi() {
    String ci = System.getenv("CI");
    return ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false");
  }

  /**
   * A peer this test needs is missing: the test is skipped with {@code why}, except under CI,
   * where every reader must run and the test fails instead.
   */
  static void requirePeer(boolean available, String why) {
    if (available) {
      return;
    }
    if (underCi()) {
      fail(why + " (CI is set: every interop reader must run; see docs/INTEROP.md)");
    }
    Assumptions.abort(why + " — skipped (set CI=true to make this a failure)");
  }

  /** A finished subprocess. */
  record Result(int exit, String out, String err, List<String> command) {
    String describe() {
      return String.join(" ", command) + "\nexit " + exit + "\n--- stdout\n" + out
          + "\n--- stderr\n" + err;
    }
  }

  /**
   * Runs {@code command} in {@code dir} with extra environment {@code env}; kills it (and only
   * it and its children) if it has not finished within {@code limit}.
   */
  static Result run(List<String> command, Path dir, Map<String, String> env, Duration limit) {
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
    pb.environment().putAll(env);
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      return new Result(-1, "", "cannot start: " + e.getMessage(), command);
    }
    CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> drain(p.getInputStream()));
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> drain(p.getErrorStream()));
    try {
      if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor();
        return new Result(-1, out.join(), err.join() + "\n(killed after " + limit + ")",
            command);
      }
      return new Result(p.exitValue(), out.join(), err.join(), command);
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Whether {@code command} can be started and exits 0 (a probe for an installed tool). */
  static boolean works(List<String> command, Map<String, String> env) {
    return run(command, moduleDir(), env, Duration.ofSeconds(60)).exit() == 0;
  }

  private static String drain(InputStream in) {
    try (in) {
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      in.transferTo(buf);
      return buf.toString(UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
