package org.tuf4j.client;

/**
 * Receives an {@link Updater}'s {@link UpdateEvent}s, in order, on the thread that caused them.
 * It should return quickly (hand the event to a queue to send it anywhere slow). An exception
 * it throws is ignored: reporting never changes what the updater decides.
 */
@FunctionalInterface
public interface UpdateEventListener {
  /**
   * One event.
   *
   * @param event what happened
   */
  void onEvent(UpdateEvent event);
}
