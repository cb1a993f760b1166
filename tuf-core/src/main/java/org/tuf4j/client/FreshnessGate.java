package org.tuf4j.client;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.tuf4j.ClockRollbackException;
import org.tuf4j.ExpiredMetadataException;
import org.tuf4j.FetchException;
import org.tuf4j.NotFoundException;
import org.tuf4j.TufException;

/**
 * The freshness policy of an {@link Updater} around its {@link RefreshWorkflow}: the reference
 * time checked against the persisted time floor ({@link UpdaterConfig#clockRollbackTolerance()},
 * {@link UpdaterConfig#clockRollbackPolicy()}), the network skipped while the last complete
 * refresh is younger than {@link UpdaterConfig#maxAge()}, and answers from stored metadata when
 * the repository cannot be reached ({@link UpdaterConfig#offlineFallback()}), expired only
 * under {@link UpdaterConfig#unsafeOfflineExpiredMetadata()}. It decides only
 * where metadata comes from and which reference time is used: the stored metadata is trusted only
 * by {@link RefreshWorkflow#trustStored}, which runs every check of TUF spec §5 on it through
 * {@link TrustedMetadataSet}. Not thread-safe: its {@link Updater} serialises every call.
 */
final class FreshnessGate {

  private final RefreshWorkflow workflow;
  private final MetadataStore store;
  private final UpdaterConfig config;
  private final EventSink events;

  FreshnessGate(RefreshWorkflow workflow, MetadataStore store, UpdaterConfig config,
      EventSink events) {
    this.workflow = workflow;
    this.store = store;
    this.config = config;
    this.events = events;
  }

  /** {@link Updater#refresh()}: from the repository, or the stored metadata as configured. */
  RefreshOutcome refresh() throws TufException, IOException {
    ClientState state = ClientState.read(store);
    Instant referenceTime = referenceTime(state);
    state = raiseFloor(state, referenceTime);
    Optional<Instant> last = state.lastRefresh();
    if (last.isPresent() && !config.maxAge().isZero()
        && Duration.between(last.get(), referenceTime).compareTo(config.maxAge()) < 0) {
      try {
        workflow.trustStored(referenceTime);
        return RefreshOutcome.withinMaxAge(referenceTime, last.get());
      } catch (TufException | IOException e) {
        ClientLog.get().log(Level.DEBUG,
            "stored metadata not usable within maxAge, refreshing: {0}",
            e.getMessage());
      }
    }
    try {
      workflow.refresh(referenceTime);
    } catch (FetchException e) {
      if (!config.offlineFallback() || e instanceof NotFoundException || last.isEmpty()) {
        throw e;
      }
      boolean expired = false;
      try {
        workflow.trustStored(referenceTime);
      } catch (ExpiredMetadataException x) {
        if (!config.unsafeOfflineExpiredMetadata()) {
          e.addSuppressed(x);
          throw e;
        }
        expired = trustStoredIgnoringExpiry(referenceTime, e);
      } catch (TufException | IOException | RuntimeException stored) {
        e.addSuppressed(stored);
        throw e;
      }
      events.emit(new UpdateEvent.OfflineAnswer(referenceTime, last.get(), e));
      return RefreshOutcome.offline(referenceTime, last.get(), e, expired);
    }
    state.withLastRefresh(referenceTime).write(store);
    return RefreshOutcome.fromRepository(referenceTime);
  }

  /** The unsafe mode; a failure other than expiry is suppressed into {@code offline}. */
  private boolean trustStoredIgnoringExpiry(Instant referenceTime, FetchException offline)
      throws FetchException {
    try {
      return workflow.trustStoredIgnoringExpiry(referenceTime);
    } catch (TufException | IOException | RuntimeException stored) {
      offline.addSuppressed(stored);
      throw offline;
    }
  }

  /** {@link Updater#refreshRootAndTargets()}: always from the repository, with the floor kept. */
  void refreshRootAndTargets() throws TufException, IOException {
    ClientState state = ClientState.read(store);
    Instant referenceTime = referenceTime(state);
    state = raiseFloor(state, referenceTime);
    workflow.refreshRootAndTargets(referenceTime);
    state.withLastRefresh(referenceTime).write(store);
  }

  /**
   * The clock's reading, unless it is below the floor by more than the tolerance: then a {@link
   * ClockRollbackException} or, by policy, the floor; reported either way.
   */
  private Instant referenceTime(ClientState state) throws ClockRollbackException {
    Instant now = config.clock().instant();
    Optional<Instant> floor = state.floor();
    if (floor.isEmpty() || !now.isBefore(floor.get().minus(config.clockRollbackTolerance()))) {
      return now;
    }
    boolean useFloor = config.clockRollbackPolicy() == ClockRollbackPolicy.USE_FLOOR;
    events.emit(new UpdateEvent.ClockRollbackDetected(now, floor.get(), useFloor));
    if (!useFloor) {
      throw new ClockRollbackException(now, floor.get(), config.clockRollbackTolerance());
    }
    ClientLog.get().log(Level.WARNING,
        "the clock reads {0}, before the time floor {1}: using the floor",
        now, floor.get());
    return floor.get();
  }

  /** Persists the raised floor before anything verified at {@code referenceTime} is. */
  private ClientState raiseFloor(ClientState state, Instant referenceTime) throws IOException {
    ClientState raised = state.withFloor(referenceTime);
    if (raised != state) {
      raised.write(store);
    }
    return raised;
  }
}
