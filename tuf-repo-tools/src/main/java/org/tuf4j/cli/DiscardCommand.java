package org.tuf4j.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.tuf4j.repository.FileSystemStorage;
import org.tuf4j.repository.RepositoryEditor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tuf discard}: drop the staged release. */
@Command(name = "discard", mixinStandardHelpOptions = true,
    description = "Drop the staged release and its collected signatures.",
    footer = {"", "Example: tuf discard repo"})
final class DiscardCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "DIR", description = "The repository directory.")
  Path dir;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    FileSystemStorage storage = Repo.storage(dir);
    if (!RepositoryEditor.hasStaged(storage)) {
      spec.commandLine().getOut().println("nothing staged");
      return ExitCode.OK;
    }
    RepositoryEditor.discardStaged(storage);
    spec.commandLine().getOut().println("discarded the staged release");
    return ExitCode.OK;
  }
}
