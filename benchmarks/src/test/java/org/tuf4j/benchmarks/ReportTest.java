package org.tuf4j.benchmarks;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Report} over a glob of {@code benchmarks/results/}, which also holds files JMH did not
 * write (tuf-js's and the peers harness's JSON): those are skipped with a message, not a crash.
 */
class ReportTest {
  @TempDir
  Path dir;

  /** Two forks of two iterations each, as JMH writes them ({@code -rf json}), trimmed. */
  private static String jmh(String method, String backend, double[][] forks) {
    StringBuilder raw = new StringBuilder("[");
    double sum = 0;
    int n = 0;
    for (double[] fork : forks) {
      raw.append(raw.length() > 1 ? "," : "").append('[');
      for (int i = 0; i < fork.length; i++) {
        raw.append(i > 0 ? "," : "").append(fork[i]);
        sum += fork[i];
        n++;
      }
      raw.append(']');
    }
    raw.append(']');
    return "{\"benchmark\":\"org.tuf4j.benchmarks.SignatureBenchmark." + method + "\","
        + "\"mode\":\"thrpt\",\"forks\":" + forks.length + ","
        + "\"params\":{\"backend\":\"" + backend + "\",\"scheme\":\"ed25519\"},"
        + "\"primaryMetric\":{\"score\":" + (sum / n) + ",\"scoreError\":10.0,"
        + "\"scoreUnit\":\"ops/s\",\"rawData\":" + raw + "}}";
  }

  private Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content, UTF_8);
  }

  private Path signatures() throws IOException {
    return write("Signature.json", "[" + String.join(",",
        jmh("rawVerify", "jdk", new double[][] {{1000, 1000}, {1000, 1000}}),
        jmh("tuf4jVerify", "jdk", new double[][] {{1000, 1000}, {700, 700}}),
        jmh("rawVerify", "bouncycastle", new double[][] {{2000, 2000}, {2000, 2000}}),
        jmh("tuf4jVerify", "bouncycastle", new double[][] {{1950, 1950}, {1960, 1960}}))
        + "]");
  }

  private record Outcome(int status, String out, String err) {}

  private static Outcome run(Path... files) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = Report.run(List.of(files), new PrintStream(out, true, UTF_8),
        new PrintStream(err, true, UTF_8));
    return new Outcome(status, out.toString(UTF_8), err.toString(UTF_8));
  }

  @Test
  void tufJsResultsInTheGlobAreSkippedNotACrash() throws IOException {
    // The shape benchmarks/peers/tuf-js/refresh-bench.mjs writes: a list of objects that have
    // no "benchmark" and no "primaryMetric". Report used to die here with a
    // NullPointerException (Report.java:66).
    Path tufJs = write("tuf-js.json", "[\n{\"client\":\"tuf-js\",\"targets\":1000,"
        + "\"meanMs\":205.0,\"stddevMs\":19.0,\"runs\":10}\n]");
    Outcome o = run(signatures(), tufJs);
    assertEquals(0, o.status(), o.err());
    assertTrue(o.err().contains("skipping " + tufJs + ": not a JMH result file"), o.err());
    assertTrue(o.out().contains("Signature verification"), o.out());
  }

  @Test
  void peersHarnessResultsAreSkippedToo() throws IOException {
    Path peers = write("peers.json", "{\"machine\":{\"cores\":2},\"cold\":[]}");
    Outcome o = run(signatures(), peers);
    assertEquals(0, o.status(), o.err());
    assertTrue(o.err().contains("skipping " + peers + ": not a JMH result file"), o.err());
  }

  @Test
  void anUnfinishedJmhRunIsStillAnError() throws IOException {
    Path empty = write("running.json", "");
    Outcome o = run(signatures(), empty);
    assertEquals(1, o.status());
    assertTrue(o.err().contains(empty + " is empty"), o.err());
  }

  @Test
  void readRefusesNonJmhEntriesWithTheirReason() throws IOException {
    Path tufJs = write("tuf-js.json", "[{\"client\":\"tuf-js\"}]");
    Report.NotJmhResultsException e =
        assertThrows(Report.NotJmhResultsException.class, () -> Report.read(tufJs));
    assertTrue(e.getMessage().contains("\"benchmark\""), e.getMessage());
  }

  @Test
  void signatureOverheadIsReportedPerBackendWithMissesMarked() throws IOException {
    Outcome o = run(signatures());
    String[] lines = o.out().split("\n");
    String jdk = java.util.Arrays.stream(lines).filter(l -> l.contains(" jdk ")).findFirst()
        .orElseThrow();
    String bc = java.util.Arrays.stream(lines).filter(l -> l.contains(" bouncycastle "))
        .findFirst().orElseThrow();
    // raw 1000 against tuf4j's mean of 850: +17.6%, a miss; its forks were +0.0% and +42.9%.
    assertTrue(jdk.contains("+17.6 ±") && jdk.contains("MISS"), jdk);
    assertTrue(jdk.contains("+0.0%/+42.9%"), jdk);
    // raw 2000 against 1955: +2.3%, met.
    assertTrue(bc.contains("+2.3 ±") && bc.contains("met"), bc);
  }
}
