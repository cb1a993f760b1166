package org.tuf4j.benchmarks;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Turns JMH result files ({@code -rf json}) into the ratios issue 6 sets goals for: tuf4j's
 * per-signature overhead over the raw primitive (≤ 10%), refresh against the sum of its
 * unavoidable parts (≤ 2×), verified download against plain {@code MessageDigest} (≥ 90% of its
 * throughput), and sigstore-java's refresh time over tuf4j's (≥ 3× at 100k). Errors are
 * propagated as relative errors added in quadrature, a first-order estimate.
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar org.tuf4j.benchmarks.Report
 * RESULT.json [RESULT.json ...]}; prints whichever tables the files have data for. Files that
 * JMH did not write (tuf-js's {@code refresh-bench.mjs} output, the peers harness's JSON), which
 * a glob over {@code benchmarks/results/} picks up, are skipped with a message on standard
 * error; an empty or unfinished JMH file is an error (exit status 1).
 */
public final class Report {
  private Report() {}

  /**
   * One JMH result: benchmark method, its parameters, score and 99.9% error, and the secondary
   * metric {@code bytes} (a rate) when there is one.
   */
  record Score(String method, Map<String, String> params, double score, double error,
      String unit, double bytesPerSecond, List<Double> forkMeans) {
    double relativeError() {
      return score == 0 ? 0 : error / score;
    }
  }

  /**
   * Prints the ratio tables of the given JMH result files.
   *
   * @param args the result files
   * @throws IOException when a file cannot be read
   */
  public static void main(String[] args) throws IOException {
    List<Path> files = new ArrayList<>();
    for (String a : args) {
      files.add(Path.of(a));
    }
    int status = run(files, System.out, System.err);
    if (status != 0) {
      System.exit(status);
    }
  }

  /** A JSON file that is not a JMH result list: skipped, with the reason, by {@link #run}. */
  static final class NotJmhResultsException extends IOException {
    private static final long serialVersionUID = 1L;

    NotJmhResultsException(String message) {
      super(message);
    }
  }

  /** The tables of {@code files} on {@code out}; 0, or 1 when a JMH file is empty or broken. */
  static int run(List<Path> files, PrintStream out, PrintStream err) throws IOException {
    List<Score> scores = new ArrayList<>();
    int status = 0;
    for (Path file : files) {
      try {
        scores.addAll(read(file));
      } catch (NotJmhResultsException e) {
        err.println("skipping " + file + ": not a JMH result file (" + e.getMessage() + ")");
      } catch (IOException e) {
        // Jackson's parse errors and ours: a truncated or empty JMH file is a run that has not
        // finished, or broke, and its table would silently lack rows.
        err.println(file + ": " + e.getMessage());
        status = 1;
      }
    }
    signatures(scores, out);
    json(scores, out);
    refresh(scores, out);
    download(scores, out);
    peers(scores, out);
    return status;
  }

  static List<Score> read(Path file) throws IOException {
    List<Score> out = new ArrayList<>();
    if (Files.size(file) == 0) {
      throw new IOException(file + " is empty (the run has not finished?)");
    }
    try (JsonParser p = new JsonFactory().createParser(file.toFile())) {
      JsonToken first = p.nextToken();
      if (first == null) {
        throw new IOException(file + " is empty (the run has not finished?)");
      }
      if (first != JsonToken.START_ARRAY) {
        throw new NotJmhResultsException("a JSON " + (first == JsonToken.START_OBJECT
            ? "object" : "value") + ", not a list of JMH results");
      }
      for (Object o : (List<?>) value(p, first)) {
        if (!(o instanceof Map<?, ?> run) || !(run.get("benchmark") instanceof String benchmark)
            || !(run.get("primaryMetric") instanceof Map<?, ?> metric)
            || !(metric.get("score") instanceof Number score)) {
          throw new NotJmhResultsException("an entry without \"benchmark\" and"
              + " \"primaryMetric\".\"score\"");
        }
        Map<String, String> params = new TreeMap<>();
        if (run.get("params") instanceof Map<?, ?> m) {
          m.forEach((k, v) -> params.put(k.toString(), v.toString()));
        }
        out.add(new Score(benchmark.substring(benchmark.lastIndexOf('.', benchmark.lastIndexOf(
            '.') - 1) + 1), params, score.doubleValue(),
            metric.get("scoreError") instanceof Number n ? n.doubleValue() : Double.NaN,
            String.valueOf(metric.get("scoreUnit")), bytesPerSecond(run), forkMeans(metric)));
      }
    }
    return out;
  }

  /** The mean of each fork's measurement iterations ({@code rawData}: one list per fork). */
  private static List<Double> forkMeans(Map<?, ?> metric) {
    List<Double> means = new ArrayList<>();
    if (metric.get("rawData") instanceof List<?> forks) {
      for (Object f : forks) {
        if (f instanceof List<?> iterations && !iterations.isEmpty()) {
          double sum = 0;
          for (Object i : iterations) {
            sum += ((Number) i).doubleValue();
          }
          means.add(sum / iterations.size());
        }
      }
    }
    return means;
  }

  private static double bytesPerSecond(Map<?, ?> run) {
    if (run.get("secondaryMetrics") instanceof Map<?, ?> secondary
        && secondary.get("bytes") instanceof Map<?, ?> bytes
        && bytes.get("score") instanceof Number n) {
      return n.doubleValue();
    }
    return Double.NaN;
  }

  private static Object value(JsonParser p, JsonToken t) throws IOException {
    switch (t) {
      case START_ARRAY: {
        List<Object> list = new ArrayList<>();
        for (JsonToken n = p.nextToken(); n != JsonToken.END_ARRAY; n = p.nextToken()) {
          list.add(value(p, n));
        }
        return list;
      }
      case START_OBJECT: {
        Map<String, Object> map = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          map.put(name, value(p, p.nextToken()));
        }
        return map;
      }
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return p.getDoubleValue();
      case VALUE_NULL:
        return null;
      default:
        return p.getText(); // strings, and "NaN" as JMH writes it
    }
  }

  private static Optional<Score> find(List<Score> scores, String method, Map<String, String> with) {
    return scores.stream().filter(s -> s.method().equals(method)
        && with.entrySet().stream().allMatch(e -> e.getValue().equals(s.params().get(e.getKey()))))
        .findFirst();
  }

  private static String ratio(double value, double relativeError) {
    return String.format("%.2f ± %.2f", value, value * relativeError);
  }

  private static double quadrature(double... relativeErrors) {
    double sum = 0;
    for (double r : relativeErrors) {
      sum += r * r;
    }
    return Math.sqrt(sum);
  }

  private static void signatures(List<Score> scores, PrintStream out) {
    List<Score> tuf4j = scores.stream()
        .filter(s -> s.method().equals("SignatureBenchmark.tuf4jVerify")).toList();
    if (tuf4j.isEmpty()) {
      return;
    }
    out.println("Signature verification (ops/s, mean of all forks' iterations; overhead ="
        + " raw/tuf4jVerify - 1, goal <= 10%; per fork: each fork's tuf4jVerify mean against"
        + " raw's overall mean, lowest/highest)");
    out.printf("%-24s %-13s %14s %14s %14s %16s %5s %16s%n", "scheme", "backend", "raw",
        "tuf4jVerify", "from key obj.", "overhead", "goal", "per fork");
    for (Score t : tuf4j) {
      Score raw = find(scores, "SignatureBenchmark.rawVerify", t.params()).orElse(null);
      Score fromKey = find(scores, "SignatureBenchmark.tuf4jVerifyFromKeyObject", t.params())
          .orElse(null);
      if (raw == null) {
        continue;
      }
      double overhead = raw.score() / t.score() - 1;
      double overheadError = (1 + overhead) * quadrature(raw.relativeError(), t.relativeError());
      String forks = "-";
      if (t.forkMeans().size() > 1) {
        // A fork's mean is lower when the whole fork is slower; the highest overhead is that of
        // the slowest fork.
        double best = raw.score() / t.forkMeans().stream().mapToDouble(d -> d).max()
            .orElseThrow() - 1;
        double worst = raw.score() / t.forkMeans().stream().mapToDouble(d -> d).min()
            .orElseThrow() - 1;
        forks = String.format("%+.1f%%/%+.1f%%", 100 * best, 100 * worst);
      }
      out.printf("%-24s %-13s %14s %14s %14s %16s %5s %16s%n", t.params().get("scheme"),
          t.params().get("backend"), String.format("%.0f ± %.0f", raw.score(), raw.error()),
          String.format("%.0f ± %.0f", t.score(), t.error()),
          fromKey == null ? "-" : String.format("%.0f ± %.0f", fromKey.score(), fromKey.error()),
          String.format("%+.1f ± %.1f%%", 100 * overhead, 100 * overheadError),
          overhead <= 0.10 ? "met" : "MISS", forks);
    }
    out.println();
  }

  private static void json(List<Score> scores, PrintStream out) {
    List<Score> rows = scores.stream()
        .filter(s -> s.method().startsWith("CanonicalJsonBenchmark.")).toList();
    if (rows.isEmpty()) {
      return;
    }
    out.println("Canonical JSON (MB/s of JSON handled)");
    for (Score s : rows) {
      out.printf("%-44s %8s targets %10.1f MB/s%n", s.method(), s.params().get("targets"),
          s.bytesPerSecond() / 1e6);
    }
    out.println();
  }

  private static void refresh(List<Score> scores, PrintStream out) {
    List<Score> refreshes = scores.stream()
        .filter(s -> s.method().equals("RefreshBenchmark.refresh")).toList();
    if (refreshes.isEmpty()) {
      return;
    }
    out.println("Refresh over file: (ms) against its floor (read + SHA-256 + one"
        + " signature + Jackson pass), goal <= 2x");
    out.printf("%-9s %16s %9s %9s %9s %9s %9s %14s%n", "targets", "refresh", "read",
        "sha256", "sig", "jackson", "floor", "refresh/floor");
    for (Score r : refreshes) {
      Map<String, String> p = r.params();
      double floor = 0;
      double floorError2 = 0;
      double[] parts = new double[4];
      String[] names = {"floorReadBytes", "floorSha256", "floorSignature", "floorJacksonPass"};
      for (int i = 0; i < names.length; i++) {
        Score part = find(scores, "RefreshBenchmark." + names[i], p).orElse(null);
        if (part == null) {
          parts[i] = Double.NaN;
          continue;
        }
        parts[i] = part.score();
        floor += part.score();
        floorError2 += part.error() * part.error();
      }
      double ratio = r.score() / floor;
      out.printf("%-9s %16s %9.1f %9.1f %9.1f %9.1f %9.1f %14s%n", p.get("targets"),
          String.format("%.1f ± %.1f", r.score(), r.error()), parts[0], parts[1], parts[2],
          parts[3], floor, ratio(ratio, quadrature(r.relativeError(),
              Math.sqrt(floorError2) / floor)));
    }
    out.println();
  }

  private static void download(List<Score> scores, PrintStream out) {
    for (Score t : scores) {
      if (!t.method().equals("DownloadBenchmark.tuf4jDownload")) {
        continue;
      }
      find(scores, "DownloadBenchmark.plainMessageDigest", t.params()).ifPresent(plain -> {
        double fraction = plain.score() / t.score();
        out.printf("Verified download of %s MB: tuf4j %.1f ± %.1f ms, plain MessageDigest"
            + " %.1f ± %.1f ms: %s of its throughput (goal >= 0.90)%n%n",
            t.params().get("megabytes"), t.score(), t.error(), plain.score(), plain.error(),
            ratio(fraction, quadrature(t.relativeError(), plain.relativeError())));
      });
    }
  }

  private static void peers(List<Score> scores, PrintStream out) {
    List<Score> tuf4j = scores.stream()
        .filter(s -> s.method().equals("HttpRefreshBenchmark.refresh")
            && "tuf4j".equals(s.params().get("client"))).toList();
    if (tuf4j.isEmpty()) {
      return;
    }
    out.println("Refresh over loopback HTTP (ms): sigstore-java / tuf4j, goal >= 3x at"
        + " 100k");
    for (Score t : tuf4j) {
      Map<String, String> p = new TreeMap<>(t.params());
      p.put("client", "sigstore-java");
      find(scores, "HttpRefreshBenchmark.refresh", p).ifPresent(s ->
          out.printf("%-9s tuf4j %12s  sigstore-java %14s  ratio %s%n",
              t.params().get("targets"), String.format("%.1f ± %.1f", t.score(), t.error()),
              String.format("%.1f ± %.1f", s.score(), s.error()),
              ratio(s.score() / t.score(), quadrature(s.relativeError(), t.relativeError()))));
    }
    if (tuf4j.stream().anyMatch(t -> t.params().getOrDefault("repositories", "").isEmpty())) {
      // Before 2026-12-07 every run looked like this: each trial wrote its own repository with
      // fresh keys, so the clients did not read the same files.
      out.println("NOTE: run with repositories=\"\": each JMH trial generated its own repository"
          + " (fresh keys), so the clients did not read the same files");
    }
    out.println();
  }
}
