package org.tuf4j.signer;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tuf4j.crypto.CryptoBackends;
import org.tuf4j.crypto.Signer;
import org.tuf4j.signer.KeyUriException.Reason;

/** {@code pkcs11:} key URIs (RFC 7512) as read by {@link Pkcs11Uri}, and opened on SoftHSM2. */
class Pkcs11KeyUriTest {
  private static final String MODULE = "module-path=/usr/lib/softhsm/libsofthsm2.so";

  @TempDir Path tmp;

  @Test
  void attributesArePercentDecodedUtf8_rfc7512_2_3() throws Exception {
    Pkcs11Uri uri = Pkcs11Uri.parse("pkcs11:slot-id=42;object=targets%20key%C3%A9;type=private"
        + "?" + MODULE + "&pin-source=file:/run/pin&x-tuf-scheme=ecdsa-sha2-nistp384");
    assertEquals("targets key\u00e9", uri.object);
    assertEquals(OptionalLong.of(42), uri.slotId);
    assertEquals("/usr/lib/softhsm/libsofthsm2.so", uri.modulePath);
    assertEquals("file:/run/pin", uri.pinSource.orElseThrow());
    assertEquals("ecdsa-sha2-nistp384", uri.scheme.orElseThrow());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "pkcs11:token=tuf;object=a?" + MODULE + "|UNSUPPORTED|SunPKCS11 selects a token by slot",
      "pkcs11:id=%01;object=a?" + MODULE + "|UNSUPPORTED|slot-id",
      "pkcs11:object=a;manufacturer=x?" + MODULE + "|UNSUPPORTED|manufacturer",
      "pkcs11:object=a?" + MODULE + "&module-name=softhsm2|UNSUPPORTED|module-name",
      "pkcs11:object=a;object=b?" + MODULE + "|MALFORMED|twice",
      "pkcs11:object=a%2?" + MODULE + "|MALFORMED|two hex digits",
      "pkcs11:object=%FF?" + MODULE + "|MALFORMED|UTF-8",
      "pkcs11:slot-id=1?" + MODULE + "|MALFORMED|object=",
      "pkcs11:object=a|MALFORMED|module-path",
      "pkcs11:object=a;type=public?" + MODULE + "|UNSUPPORTED|only a private key",
      "pkcs11:object=a;slot-id=x?" + MODULE + "|MALFORMED|decimal",
      "pkcs11:object=a?" + MODULE + "&pin-value=1&pin-source=/p|MALFORMED|both",
      "pkcs11:object?" + MODULE + "|MALFORMED|name=value",
  })
  void whatCouldSelectAnotherKeyIsRefusedNotIgnored(String uri, Reason reason, String says) {
    KeyUriException e = assertThrows(KeyUriException.class, () -> Pkcs11Uri.parse(uri));
    assertEquals(reason, e.reason(), e.getMessage());
    assertTrue(e.getMessage().contains(says), e.getMessage());
  }

  @Test
  void aPinValueNeverAppearsInAMessage() {
    KeyUriException e = assertThrows(KeyUriException.class, () -> Pkcs11Uri.parse(
        "pkcs11:token=t;object=a?" + MODULE + "&pin-value=987654"));
    assertFalse(e.getMessage().contains("987654"), e.getMessage());
    assertFalse(e.uri().contains("987654"), e.uri());
  }

  private static void assertSigns(Signer signer) throws Exception {
    byte[] message = "signed part".getBytes(UTF_8);
    CryptoBackends.defaultBackend().verifier(signer.keyType(), signer.scheme(),
        signer.publicValue()).verify(message, signer.sign(message));
  }

  @Test
  void aKeyOnSoftHsm2OpensByUriWithThePinFromEachSource() throws Exception {
    SoftHsm2.Token softHsm = SoftHsm2.token();
    try (Pkcs11Token token = Pkcs11Token.open(softHsm.module(), softHsm.slotId(),
        SoftHsm2.PIN.toCharArray())) {
      if (!token.keyLabels().contains("uri-p256")) {
        token.generateKey("uri-p256", "ecdsa-sha2-nistp256");
        token.generateKey("uri rsa", "rsassa-pss-sha256");
      }
    }
    Path pinFile = Files.writeString(tmp.resolve("pin"), SoftHsm2.PIN + "\n");
    String base = "pkcs11:slot-id=" + softHsm.slotId() + ";object=";
    String module = "?module-path=" + softHsm.module();
    Signer fromFile = SignerUris.open(base + "uri-p256" + module + "&pin-source="
        + pinFile.toUri(), SecretSource.NONE);
    assertEquals("ecdsa-sha2-nistp256", fromFile.scheme(), "scheme from the key's curve");
    assertSigns(fromFile);
    List<String> asked = new ArrayList<>();
    Signer rsa = SignerUris.open(base + "uri%20rsa" + module, what -> {
      asked.add(what);
      return SoftHsm2.PIN.toCharArray();
    });
    assertEquals("rsassa-pss-sha256", rsa.scheme());
    assertSigns(rsa);
    // One login per token and process: the PIN was already given for this slot.
    assertEquals(List.of(), asked);
    Pkcs11Exception missing = assertThrows(Pkcs11Exception.class, () -> SignerUris.open(
        base + "no-such-key" + module + "&pin-value=" + SoftHsm2.PIN, SecretSource.NONE));
    assertEquals(Pkcs11Exception.Reason.KEY_NOT_FOUND, missing.reason());
  }
}
