package org.tuf4j.client;

/**
 * The client's logger (named after {@link Updater}), made at the first message rather than when
 * a class loads: finding the platform's logging back end costs a short-lived process about 20
 * ms, which a refresh with nothing to report never pays.
 */
final class ClientLog {
  private ClientLog() {}

  static System.Logger get() {
    return Holder.LOG;
  }

  private static final class Holder {
    static final System.Logger LOG = System.getLogger(Updater.class.getName());
  }
}
