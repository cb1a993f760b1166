package org.tuf4j.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tuf4j.loopback.LoopbackServer;
import org.tuf4j.loopback.Source;

/**
 * The tuf4j processes of {@code benchmarks/peers/run-peers.sh}, in process: a refresh over
 * loopback HTTP that loads every entry, a lookup through hash bins, and the warm loop, so that a
 * harness run cannot time a client that loads nothing.
 */
class PeerClientTest {
  @TempDir
  Path dir;

  private Path client(String name, Path repo) throws Exception {
    Path work = dir.resolve(name);
    Files.createDirectories(work.resolve("metadata"));
    Files.copy(repo.resolve("metadata/1.root.json"), work.resolve("metadata/root.json"));
    return work;
  }

  @Test
  void refreshLoadsEveryTargetAndLooksOneUpThroughHashBins() throws Exception {
    Path repos = dir.resolve("repos");
    GenerateRepository.create(repos.resolve("40"), 40, 0, 42, true);
    GenerateRepository.create(repos.resolve("bins"), 64, 2, 42, true);
    try (LoopbackServer server = LoopbackServer.builder().source(Source.directory(repos))
        .recordRequests(false).start()) {
      String flat = PeerClient.run(new String[] {server.baseUri() + "40/metadata/",
          client("a", repos.resolve("40")).toString()});
      assertTrue(flat.startsWith("{\"client\":\"tuf4j\",\"targets\":40,"), flat);
      String lookup = PeerClient.run(new String[] {"--backend", "jdk",
          server.baseUri() + "bins/metadata/", client("b", repos.resolve("bins")).toString(),
          SyntheticRepository.path(33)});
      assertTrue(lookup.contains("\"found\":true"), lookup);
      assertTrue(lookup.contains("\"length\":" + SyntheticRepository.target(42, 33).length()),
          lookup);
    }
    assertNull(PeerClient.run(new String[] {"only-a-url"}));
  }

  @Test
  void warmLoopTimesAtLeastTheCallsAskedFor() throws Exception {
    Path repo = dir.resolve("repo");
    GenerateRepository.create(repo, 30, 0, 42, true);
    String line = WarmParseVerify.run(new String[] {repo.toString(), "0", "0", "4"});
    assertTrue(line.startsWith("{\"client\":\"tuf4j\",\"targets\":30,"), line);
    String samples = line.substring(line.indexOf("\"samplesMs\":[") + 13, line.length() - 2);
    assertEquals(4, samples.split(",").length, line);
  }
}
