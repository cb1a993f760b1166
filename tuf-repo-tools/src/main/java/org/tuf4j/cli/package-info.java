/**
 * The {@code tuf} repository-signing command-line tool, built on the repository writer and the
 * client of tuf-core. Filled by the CLI issue; the module is part of the build from the start.
 */
package org.tuf4j.cli;
