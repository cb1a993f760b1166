package org.tuf4j.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tuf4j.FetchException;

/** The one JSON rendering of events: one line each, every component, stable forms. */
class UpdateEventsJsonTest {
  private static final Instant T = Instant.parse("2030-01-01T00:00:00Z");

  @Test
  void eachComponentIsRenderedUnderItsNameInDeclarationOrder() {
    assertEquals("{\"event\":\"RefreshStarted\",\"at\":\"2030-01-01T00:00:00Z\"}",
        UpdateEvents.toJson(new UpdateEvent.RefreshStarted(T)));
    assertEquals("{\"event\":\"RootRotated\",\"at\":\"2030-01-01T00:00:00Z\",\"fromVersion\":1,"
        + "\"toVersion\":2,\"keysAdded\":[\"a\",\"b\"],\"keysRemoved\":[]}",
        UpdateEvents.toJson(new UpdateEvent.RootRotated(T, 1, 2, Set.of("b", "a"), Set.of())));
    assertEquals("{\"event\":\"RollbackRefused\",\"at\":\"2030-01-01T00:00:00Z\",\"role\":"
        + "\"timestamp\",\"trustedVersion\":5,\"offeredVersion\":null}",
        UpdateEvents.toJson(new UpdateEvent.RollbackRefused(T, "timestamp", 5,
            OptionalLong.empty())));
    assertEquals("{\"event\":\"FreezeDetected\",\"at\":\"2030-01-01T00:00:00Z\",\"role\":"
        + "\"snapshot\",\"version\":3,\"expires\":\"2029-12-31T00:00:00Z\",\"staleBy\":\"PT24H\"}",
        UpdateEvents.toJson(new UpdateEvent.FreezeDetected(T, "snapshot", 3,
            T.minus(Duration.ofDays(1)), Duration.ofDays(1))));
  }

  @Test
  void anExceptionIsItsTypeAndMessageOnOneLine() {
    FetchException cause = new FetchException(URI.create("http://127.0.0.1:1/timestamp.json"),
        "connection refused\n\"quoted\"\u0001");
    String json = UpdateEvents.toJson(new UpdateEvent.OfflineAnswer(T, T, cause));
    assertEquals("{\"event\":\"OfflineAnswer\",\"at\":\"2030-01-01T00:00:00Z\",\"lastRefresh\":"
        + "\"2030-01-01T00:00:00Z\",\"cause\":{\"type\":\"FetchException\",\"message\":"
        + "\"http://127.0.0.1:1/timestamp.json: connection refused\\n\\\"quoted\\\"\\u0001\"}}",
        json);
    assertFalse(json.contains("\n"));
  }
}
