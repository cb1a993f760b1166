/**
 * The {@code tuf} command line ({@link org.tuf4j.cli.Tuf}): repository signing, publishing and
 * client checks over tuf-core. The module exports no package: the command line is its interface.
 * Run it from the module path with
 * {@code java --module-path <jars> --module org.tuf4j.cli/org.tuf4j.cli.Tuf}, or from the class
 * path with {@code bin/tuf}.
 */
module org.tuf4j.cli {
  requires org.tuf4j;
  requires info.picocli;
  requires org.tuf4j.loopback;

  // Its interface is the command line, so no package is exported; picocli alone reads the
  // @Command, @Option and @Parameters members, by reflection.
  opens org.tuf4j.cli to info.picocli;
}
