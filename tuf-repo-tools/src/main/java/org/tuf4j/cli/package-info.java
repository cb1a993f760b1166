/**
 * The {@code tuf} repository-signing command-line tool, built on the repository writer and the
 * client of tuf-core: {@link org.tuf4j.cli.Tuf} is the entry point, each subcommand a
 * package-private class. The command line is the interface; this package is not an API (the
 * module {@code org.tuf4j.cli} exports nothing).
 */
package org.tuf4j.cli;
