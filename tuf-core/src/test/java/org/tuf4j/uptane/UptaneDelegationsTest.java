package org.tuf4j.uptane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.tuf4j.MalformedMetadataException;
import org.tuf4j.UnsupportedFeatureException;
import org.tuf4j.encoding.JsonValue;
import org.tuf4j.metadata.DelegatedRole;

/** Hardware identifiers on delegations (#delegations_meta, #resolve_delegations step 4.1). */
class UptaneDelegationsTest {
  private static DelegatedRole role(Map<String, JsonValue> rest) {
    return new DelegatedRole("supplier", List.of("k"), 1, Optional.empty(),
        Optional.of(List.of("fw/*")), Optional.empty(), rest);
  }

  @Test
  void hardwareIdsRoundTrip_uptane_delegations_meta() throws Exception {
    DelegatedRole limited = UptaneDelegations.withHardwareIds(role(Map.of()), List.of("a", "b"));
    assertEquals(Optional.of(List.of("a", "b")), UptaneDelegations.hardwareIds(limited));
    assertEquals(Optional.empty(), UptaneDelegations.hardwareIds(role(Map.of())));
  }

  @Test
  void delegationAppliesOnlyToItsHardware_uptane_resolve_delegations_4_1() throws Exception {
    DelegatedRole limited = UptaneDelegations.withHardwareIds(role(Map.of()), List.of("a"));
    UptaneDelegations.Filter forA = new UptaneDelegations.Filter("a");
    UptaneDelegations.Filter forB = new UptaneDelegations.Filter("b");
    assertTrue(forA.test(limited));
    assertFalse(forB.test(limited));
    assertTrue(forB.test(role(Map.of()))); // no list: any hardware
    forA.check();
    forB.check();
  }

  @Test
  void malformedHardwareIdsApplyToNothingAndAreReported_uptane_delegations_meta() {
    for (JsonValue bad : List.of(new JsonValue.JsonString("a"), JsonValue.ofStrings(List.of("")),
        JsonValue.ofStrings(List.of()),
        new JsonValue.JsonArray(List.of(new JsonValue.JsonNumber(1))))) {
      DelegatedRole r = role(Map.of(UptaneFields.DELEGATION_HARDWARE_IDS, bad));
      assertThrows(MalformedMetadataException.class, () -> UptaneDelegations.hardwareIds(r));
      UptaneDelegations.Filter filter = new UptaneDelegations.Filter("a");
      assertFalse(filter.test(r));
      assertThrows(MalformedMetadataException.class, filter::check);
    }
  }

  @Test
  void multiRoleDelegationIsReportedUnsupported_uptane_multirole_delegations() {
    UptaneDelegations.Filter filter = new UptaneDelegations.Filter("a");
    assertFalse(filter.test(role(Map.of("roleinfo", JsonValue.ofStrings(List.of("x"))))));
    assertThrows(UnsupportedFeatureException.class, filter::check);
  }
}
