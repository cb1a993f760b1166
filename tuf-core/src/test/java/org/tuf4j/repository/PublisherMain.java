package org.tuf4j.repository;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.tuf4j.InvalidRepositoryException;
import org.tuf4j.crypto.Signer;
import org.tuf4j.signer.PemKeys;

/**
 * A publisher in its own JVM, for {@link ConcurrentPublishersTest}: until the deadline, opens the
 * repository, adds one target, publishes, and appends the target's path to a report file once
 * {@code publish()} returned. A publisher that finds the repository locked or changed under it
 * tries again.
 *
 * <p>Arguments: repository directory, key directory (PEM files), publisher id, milliseconds to
 * run, report file.
 */
public final class PublisherMain {
  private PublisherMain() {}

  public static void main(String[] args) throws Exception {
    Path repo = Path.of(args[0]);
    List<Signer> signers = new ArrayList<>();
    try (var keys = Files.list(Path.of(args[1]))) {
      for (Path key : keys.filter(p -> p.toString().endsWith(".pem")).sorted().toList()) {
        signers.add(PemKeys.read(key, null));
      }
    }
    String id = args[2];
    long deadline = System.currentTimeMillis() + Long.parseLong(args[3]);
    Path report = Path.of(args[4]);
    int published = 0;
    int refused = 0;
    try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(report,
        StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND))) {
      for (int n = 0; System.currentTimeMillis() < deadline; n++) {
        String path = "p" + id + "/" + n + ".txt";
        try (RepositoryEditor editor = RepositoryEditor.open(FileSystemStorage.open(repo),
            Clock.systemUTC())) {
          editor.targets().addTarget(path, (id + " " + n).getBytes(StandardCharsets.UTF_8),
              Optional.empty());
          editor.stage(signers).publish();
          out.println(path);
          out.flush();
          published++;
        } catch (InvalidRepositoryException e) {
          if (e.reason() == InvalidRepositoryException.Reason.REFUSED) {
            throw e;
          }
          refused++; // locked by the other publisher, or it published first: try again
          Thread.sleep(1);
        }
      }
    }
    System.out.println("publisher " + id + ": " + published + " published, " + refused
        + " times locked out or overtaken");
  }
}
