package org.tuf4j.uptane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.tuf4j.uptane.TestVehicle.T0;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.tuf4j.MalformedMetadataException;
import org.tuf4j.uptane.ManifestReplayState.EcuRecord;

/** The Director's replay state (Uptane Standard #director_repository step 4). */
class ManifestReplayStateTest {

  @Test
  void stateRoundTripsThroughItsStorageForm_uptane_director_repository() throws Exception {
    ManifestReplayState s = new ManifestReplayState(Map.of(
        "a", new EcuRecord(OptionalLong.of(41), T0),
        "b", new EcuRecord(OptionalLong.empty(), T0.minusSeconds(5))));
    assertEquals("{\"ecus\":{\"a\":{\"latest_time\":\"2025-06-01T12:00:00Z\","
        + "\"report_counter\":41},\"b\":{\"latest_time\":\"2025-06-01T11:59:55Z\"}}}",
        new String(s.toCanonicalJson(), StandardCharsets.UTF_8));
    assertEquals(s, ManifestReplayState.parse(s.toCanonicalJson()));
    assertEquals(ManifestReplayState.EMPTY, ManifestReplayState.parse(
        ManifestReplayState.EMPTY.toCanonicalJson()));
  }

  @Test
  void corruptStateIsMalformed_uptane_director_repository() {
    for (String bad : new String[] {"{}", "{\"ecus\":{\"a\":{}}}",
        "{\"ecus\":{\"a\":{\"latest_time\":\"x\"}}}",
        "{\"ecus\":{\"a\":{\"latest_time\":\"2025-06-01T12:00:00Z\",\"report_counter\":-1}}}"}) {
      assertThrows(MalformedMetadataException.class, () -> ManifestReplayState.parse(
          bad.getBytes(StandardCharsets.UTF_8)), bad);
    }
    assertThrows(IllegalArgumentException.class, () -> new EcuRecord(OptionalLong.of(-1), T0));
  }
}
