package org.tuf4j.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Optional;
import org.tuf4j.TooLargeException;
import org.tuf4j.internal.Dates;

/**
 * What a client remembers beside its trusted metadata, in the file {@value #FILE} of the metadata
 * directory: the time floor (the highest reference time any refresh has used, TUF spec §5.1) and
 * the reference time of the last complete refresh from the repository. Written through {@link
 * MetadataStore#write}, so atomically and durably like every metadata file; the floor is written
 * before any metadata verified at a reference time is persisted, so the stored metadata is never
 * newer than the floor. The file name cannot be a role's ({@link StoreNames}: top-level names,
 * {@code d-} for delegated roles, digits for versioned copies). Immutable.
 */
final class ClientState {
  /** The file, in the metadata directory. */
  static final String FILE = "client-state";
  static final ClientState EMPTY = new ClientState(null, null);
  private static final int MAX_BYTES = 4096;
  private static final String FLOOR = "floor=";
  private static final String LAST_REFRESH = "last-refresh=";

  private final Instant floor;
  private final Instant lastRefresh;

  private ClientState(Instant floor, Instant lastRefresh) {
    this.floor = floor;
    this.lastRefresh = lastRefresh;
  }

  /** The stored state, or {@link #EMPTY} when none is stored yet. */
  static ClientState read(MetadataStore store) throws IOException {
    Optional<byte[]> bytes;
    try {
      bytes = store.read(FILE, MAX_BYTES);
    } catch (TooLargeException e) {
      throw malformed(store, e.getMessage());
    }
    if (bytes.isEmpty()) {
      return EMPTY;
    }
    Instant floor = null;
    Instant lastRefresh = null;
    try {
      for (String line : new String(bytes.get(), StandardCharsets.UTF_8).split("\n")) {
        if (line.startsWith(FLOOR)) {
          floor = Dates.parseInstant(line.substring(FLOOR.length()));
        } else if (line.startsWith(LAST_REFRESH)) {
          lastRefresh = Dates.parseInstant(line.substring(LAST_REFRESH.length()));
        } else if (!line.isEmpty()) {
          throw malformed(store, "unknown line");
        }
      }
    } catch (DateTimeException e) {
      throw malformed(store, e.getMessage());
    }
    return new ClientState(floor, lastRefresh);
  }

  private static IOException malformed(MetadataStore store, String why) {
    return new IOException("client state " + store.directory().resolve(FILE) + " is malformed ("
        + why + "); it holds the clock floor: restore it, or delete it to start without one");
  }

  /** Writes this state, atomically and durably. */
  void write(MetadataStore store) throws IOException {
    StringBuilder s = new StringBuilder();
    if (floor != null) {
      s.append(FLOOR).append(Dates.formatInstant(floor)).append('\n');
    }
    if (lastRefresh != null) {
      s.append(LAST_REFRESH).append(Dates.formatInstant(lastRefresh)).append('\n');
    }
    store.write(FILE, s.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** The highest reference time used, if any refresh has run. */
  Optional<Instant> floor() {
    return Optional.ofNullable(floor);
  }

  /** The reference time of the last complete refresh from the repository, if any. */
  Optional<Instant> lastRefresh() {
    return Optional.ofNullable(lastRefresh);
  }

  /** This state with the floor raised to {@code referenceTime} if it is higher. */
  ClientState withFloor(Instant referenceTime) {
    return floor != null && !referenceTime.isAfter(floor) ? this
        : new ClientState(referenceTime, lastRefresh);
  }

  /** This state with {@code referenceTime} as the last complete refresh. */
  ClientState withLastRefresh(Instant referenceTime) {
    return new ClientState(floor, referenceTime);
  }
}
