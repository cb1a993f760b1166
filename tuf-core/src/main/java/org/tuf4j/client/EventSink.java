package org.tuf4j.client;

import java.lang.System.Logger.Level;

/** Delivers events to the application's listener; what the listener throws stays here. */
final class EventSink {
  static final EventSink NONE = new EventSink(event -> { });

  private final UpdateEventListener listener;

  EventSink(UpdateEventListener listener) {
    this.listener = listener;
  }

  void emit(UpdateEvent event) {
    try {
      listener.onEvent(event);
    } catch (RuntimeException | Error e) {
      if (e instanceof VirtualMachineError) {
        throw (VirtualMachineError) e;
      }
      ClientLog.get().log(Level.WARNING,
          "event listener failed on {0}: {1}", event.getClass().getSimpleName(),
          e.toString());
    }
  }
}
