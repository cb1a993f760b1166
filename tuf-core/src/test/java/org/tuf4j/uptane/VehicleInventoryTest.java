package org.tuf4j.uptane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tuf4j.MalformedMetadataException;
import org.tuf4j.UnsupportedFeatureException;
import org.tuf4j.crypto.KeyPairSigner;
import org.tuf4j.encoding.CanonicalJson;
import org.tuf4j.encoding.JsonValue;
import org.tuf4j.metadata.Key;

/** The Director's inventory and ECU keys (Uptane Standard #inventory_db, #common_metadata). */
class VehicleInventoryTest {
  private static final Key KEY = UptaneKeys.publicKeyOf(TestVehicle.PRIMARY_KEY);

  @Test
  void inventoryHasExactlyOnePrimary_uptane_inventory_db() {
    assertEquals(TestVehicle.PRIMARY, TestVehicle.INVENTORY.primary().serial());
    assertEquals("hw-sec", TestVehicle.INVENTORY.ecu(TestVehicle.SECONDARY).orElseThrow()
        .hardwareId());
    assertThrows(IllegalArgumentException.class, () -> VehicleInventory.builder("V")
        .secondary("s", KEY, "hw").build());
    assertThrows(IllegalArgumentException.class, () -> VehicleInventory.builder("V")
        .primary("p", KEY, "hw").primary("q", KEY, "hw").build());
    assertThrows(IllegalArgumentException.class, () -> VehicleInventory.builder("V")
        .primary("p", KEY, "hw").secondary("p", KEY, "hw"));
    assertThrows(IllegalArgumentException.class, () -> new VehicleInventory("V", Map.of("x",
        new RegisteredEcu("p", KEY, "hw", true))));
  }

  /** The same key material written twice (hex and PEM) is one key: refused for two ECUs. */
  @Test
  void twoEcusWithTheSameKeyAreRefused_uptane_inventory_db() throws Exception {
    String hex = TestVehicle.PRIMARY_KEY.publicValue();
    byte[] spki = java.util.HexFormat.of().parseHex("302a300506032b6570032100" + hex);
    String pem = "-----BEGIN PUBLIC KEY-----\n" + java.util.Base64.getEncoder()
        .encodeToString(spki) + "\n-----END PUBLIC KEY-----\n";
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> VehicleInventory.builder("V").primary("p", KEY, "hw")
            .secondary("s", Key.of("ed25519", "ed25519", pem), "hw").build());
    assertTrue(e.getMessage().contains("same key"), e.getMessage());
  }

  @Test
  void undecodableEcuKeyIsRefusedAtRegistration_uptane_inventory_db() {
    Key broken = Key.of("ed25519", "ed25519", "abcd");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new RegisteredEcu("p", broken, "hw", true));
    assertTrue(e.getMessage().contains("ECU p"), e.getMessage());
  }

  @Test
  void otaTufKeyTypesAreReadOnlyInTheAktualizrProfile_uptane_common_metadata()
      throws Exception {
    KeyPairSigner ed = TestVehicle.PRIMARY_KEY;
    String json = "{\"keytype\":\"ED25519\",\"keyval\":{\"public\":\"" + ed.publicValue()
        + "\"}}";
    Key k = UptaneKeys.parse(CanonicalJson.parse(json.getBytes(StandardCharsets.UTF_8)),
        UptaneProfile.AKTUALIZR);
    assertEquals(Key.of("ed25519", "ed25519", ed.publicValue()), k);
    assertThrows(MalformedMetadataException.class, () -> UptaneKeys.parse(CanonicalJson.parse(
        json.getBytes(StandardCharsets.UTF_8)), UptaneProfile.STANDARD));
    Key ec = UptaneKeys.parse(new JsonValue.JsonObject(Map.of("keytype",
        JsonValue.of("ECPRIME256V1"), "keyval", new JsonValue.JsonObject(Map.of("public",
            JsonValue.of(TestVehicle.SECONDARY_KEY.publicValue()))))), UptaneProfile.AKTUALIZR);
    assertEquals(UptaneKeys.publicKeyOf(TestVehicle.SECONDARY_KEY), ec);
    assertThrows(UnsupportedFeatureException.class, () -> UptaneKeys.parse(
        new JsonValue.JsonObject(Map.of("keytype", JsonValue.of("DSA"), "keyval",
            new JsonValue.JsonObject(Map.of("public", JsonValue.of("x"))))),
        UptaneProfile.AKTUALIZR));
  }

  @Test
  void tufKeyObjectIsReadAndMustDecode_uptane_common_metadata() throws Exception {
    assertEquals(KEY, UptaneKeys.parse(KEY.toJson(), UptaneProfile.STANDARD));
    assertThrows(MalformedMetadataException.class, () -> UptaneKeys.parse(
        Key.of("ed25519", "ed25519", "00").toJson(), UptaneProfile.STANDARD));
    assertThrows(MalformedMetadataException.class, () -> UptaneKeys.parse(
        new JsonValue.JsonObject(Map.of("keytype", JsonValue.of("ed25519"), "scheme",
            JsonValue.of("ed25519"), "keyval", JsonValue.JsonObject.EMPTY)),
        UptaneProfile.STANDARD));
  }
}
