package org.tuf4j.client;

/**
 * Thrown by {@link SimulatedDisk} when the simulated power goes out. An {@link Error} so that no
 * {@code catch (IOException | RuntimeException e)} in the code under test can swallow it and carry
 * on as if the machine were still running.
 */
final class SimulatedPowerCut extends Error {
  private static final long serialVersionUID = 1L;

  SimulatedPowerCut(String message) {
    super(message);
  }
}
