package org.tuf4j.signer;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.bouncycastle.asn1.pkcs.EncryptionScheme;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PBKDF2Params;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.tuf4j.crypto.CryptoBackends;
import org.tuf4j.crypto.KeyPairSigner;
import org.tuf4j.crypto.SignatureVerifier;
import org.tuf4j.crypto.Signer;
import org.tuf4j.encoding.CanonicalJson;
import org.tuf4j.encoding.JsonValue.JsonObject;
import org.tuf4j.encoding.JsonValue.JsonString;
import org.tuf4j.signer.KeyFileException.Reason;
import org.tuf4j.testing.Fixtures;

/** PKCS#8 PEM private key files: generation, encryption, reading and their failures. */
class PemKeysTest {
  private static final byte[] MESSAGE = "{\"signed\":{\"_type\":\"root\"}}".getBytes(UTF_8);
  private static final List<String> SCHEMES = List.of("ed25519", "ecdsa-sha2-nistp256",
      "ecdsa-sha2-nistp384", "rsassa-pss-sha256");
  // Fast key derivation for the many round trips; one test checks the real default.
  private static final int TEST_ITERATIONS = 1_000;

  @TempDir
  Path dir;

  static Stream<Arguments> schemesEncryptedOrNot() {
    return SCHEMES.stream().flatMap(s -> Stream.of(Arguments.of(s, false),
        Arguments.of(s, true)));
  }

  private static void verify(Signer publicKeyOwner, byte[] message, byte[] signature)
      throws Exception {
    SignatureVerifier v = CryptoBackends.defaultBackend().verifier(publicKeyOwner.keyType(),
        publicKeyOwner.scheme(), publicKeyOwner.publicValue());
    v.verify(message, signature);
  }

  @ParameterizedTest
  @MethodSource("schemesEncryptedOrNot")
  void generatedKeysReadBackAndSign(String scheme, boolean encrypted) throws Exception {
    Path file = dir.resolve("key.pem");
    char[] password = encrypted ? "correct horse".toCharArray() : null;
    Signer generated = PemKeys.generate(scheme, file, password, TEST_ITERATIONS);
    assertEquals(scheme, generated.scheme());

    String pem = Files.readString(file, US_ASCII);
    assertTrue(pem.startsWith(encrypted ? "-----BEGIN ENCRYPTED PRIVATE KEY-----\n"
        : "-----BEGIN PRIVATE KEY-----\n"), pem);
    if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      assertEquals("rw-------",
          PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    Signer read = PemKeys.read(file, password == null ? null : "correct horse".toCharArray());
    assertEquals(generated.keyType(), read.keyType());
    assertEquals(generated.scheme(), read.scheme());
    assertEquals(generated.publicValue(), read.publicValue());
    // The file-loaded key signs; the signature verifies under the generated public value.
    verify(generated, MESSAGE, read.sign(MESSAGE));
    verify(read, MESSAGE, generated.sign(MESSAGE));
  }

  @Test
  void encryptedFilesUsePbes2WithPbkdf2HmacSha256AndAes256Cbc() throws Exception {
    Path file = dir.resolve("key.pem");
    char[] password = "a long passphrase".toCharArray();
    Signer generated = PemKeys.generate("ecdsa-sha2-nistp256", file, password);

    PKCS8EncryptedPrivateKeyInfo info = new PKCS8EncryptedPrivateKeyInfo(pemBody(file));
    assertEquals(PKCSObjectIdentifiers.id_PBES2, info.getEncryptionAlgorithm().getAlgorithm());
    PBES2Parameters pbes2 = PBES2Parameters.getInstance(
        info.getEncryptionAlgorithm().getParameters());
    PBKDF2Params kdf = PBKDF2Params.getInstance(pbes2.getKeyDerivationFunc().getParameters());
    assertEquals(PemKeys.PBKDF2_ITERATIONS, kdf.getIterationCount().intValueExact());
    assertEquals(PKCSObjectIdentifiers.id_hmacWithSHA256, kdf.getPrf().getAlgorithm());
    EncryptionScheme cipher = pbes2.getEncryptionScheme();
    assertEquals(NISTObjectIdentifiers.id_aes256_CBC, cipher.getAlgorithm());
    assertArrayEquals(password, "a long passphrase".toCharArray(), "password left unchanged");

    Signer read = PemKeys.read(file, password);
    verify(generated, MESSAGE, read.sign(MESSAGE));
  }

  @ParameterizedTest
  @ValueSource(strings = {"wrong", "correct horsE", "correct horse "})
  void aWrongPasswordIsReportedAsSuch(String wrong) throws Exception {
    Path file = dir.resolve("key.pem");
    PemKeys.generate("ed25519", file, "correct horse".toCharArray(), TEST_ITERATIONS);
    KeyFileException e = assertThrows(KeyFileException.class,
        () -> PemKeys.read(file, wrong.toCharArray()));
    assertEquals(Reason.WRONG_PASSWORD, e.reason());
  }

  /**
   * About 1 wrong password in 256 decrypts to valid CBC padding and garbage; those must be
   * reported as a wrong password too, not as a malformed or unsupported key.
   */
  @Test
  void manyWrongPasswordsAreAllReportedAsWrongPasswords() throws Exception {
    Path file = dir.resolve("key.pem");
    PemKeys.generate("ecdsa-sha2-nistp256", file, "right".toCharArray(), 1);
    for (int i = 0; i < 1_500; i++) {
      char[] wrong = ("wrong-" + i).toCharArray();
      KeyFileException e = assertThrows(KeyFileException.class, () -> PemKeys.read(file, wrong));
      assertEquals(Reason.WRONG_PASSWORD, e.reason(), "password " + i);
    }
  }

  @Test
  void anEncryptedKeyWithoutPasswordNeedsOne() throws Exception {
    Path file = dir.resolve("key.pem");
    PemKeys.generate("rsassa-pss-sha256", file, "pw".toCharArray(), TEST_ITERATIONS);
    for (char[] missing : new char[][] {null, new char[0]}) {
      KeyFileException e = assertThrows(KeyFileException.class, () -> PemKeys.read(file,
          missing));
      assertEquals(Reason.PASSWORD_REQUIRED, e.reason());
      assertTrue(e.getMessage().contains("password is required"), e.getMessage());
    }
  }

  @Test
  void aPlainKeyIgnoresAPassword() throws Exception {
    Path file = dir.resolve("key.pem");
    Signer generated = PemKeys.generate("ed25519", file, null);
    assertEquals(generated.publicValue(), PemKeys.read(file, "unused".toCharArray())
        .publicValue());
  }

  @Test
  void anEmptyPasswordIsRefusedWhenWriting() {
    assertThrows(IllegalArgumentException.class,
        () -> PemKeys.generate("ed25519", dir.resolve("key.pem"), new char[0]));
  }

  @Test
  void anExistingFileIsNeverOverwritten() throws Exception {
    Path file = dir.resolve("key.pem");
    Files.writeString(file, "precious");
    assertThrows(FileAlreadyExistsException.class,
        () -> PemKeys.generate("ed25519", file, null));
    assertEquals("precious", Files.readString(file));
  }

  @Test
  void anUnknownSchemeIsUnsupported() {
    KeyFileException e = assertThrows(KeyFileException.class,
        () -> PemKeys.generate("ecdsa-sha2-nistp521", dir.resolve("k.pem"), null));
    assertEquals(Reason.UNSUPPORTED_KEY, e.reason());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "",
      "not a pem file",
      "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEI!!!\n-----END PRIVATE KEY-----\n",
      "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEI\n",
      "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
      "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n",
      "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
  })
  void malformedFilesAreReportedAsMalformed(String content) throws Exception {
    Path file = dir.resolve("bad.pem");
    Files.writeString(file, content);
    KeyFileException e = assertThrows(KeyFileException.class,
        () -> PemKeys.read(file, "pw".toCharArray()));
    assertEquals(Reason.MALFORMED, e.reason(), e.getMessage());
  }

  @Test
  void twoKeysInOneFileAreMalformed() throws Exception {
    Path a = dir.resolve("a.pem");
    PemKeys.generate("ed25519", a, null);
    Path both = dir.resolve("both.pem");
    Files.writeString(both, Files.readString(a) + Files.readString(a));
    assertEquals(Reason.MALFORMED, assertThrows(KeyFileException.class,
        () -> PemKeys.read(both, null)).reason());
  }

  @Test
  void hugeFilesAreNotRead() throws Exception {
    Path file = dir.resolve("huge.pem");
    Files.write(file, new byte[100_000]);
    assertEquals(Reason.MALFORMED, assertThrows(KeyFileException.class,
        () -> PemKeys.read(file, null)).reason());
  }

  @Test
  void legacyOpensslKeyFormatsPointToPkcs8() throws Exception {
    Path file = dir.resolve("ec.pem");
    Files.writeString(file, "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n");
    KeyFileException e = assertThrows(KeyFileException.class, () -> PemKeys.read(file, null));
    assertEquals(Reason.UNSUPPORTED_KEY, e.reason());
    assertTrue(e.getMessage().contains("openssl pkcs8 -topk8"), e.getMessage());
  }

  @Test
  void keysOfOtherCurvesOrTooSmallAreUnsupported() throws Exception {
    KeyPairGenerator k1 = KeyPairGenerator.getInstance("EC", new BouncyCastleProvider());
    k1.initialize(new ECGenParameterSpec("secp256k1"));
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(1024);
    for (byte[] pkcs8 : List.of(k1.generateKeyPair().getPrivate().getEncoded(),
        rsa.generateKeyPair().getPrivate().getEncoded())) {
      String pem = "-----BEGIN PRIVATE KEY-----\n"
          + Base64.getMimeEncoder().encodeToString(pkcs8) + "\n-----END PRIVATE KEY-----\n";
      KeyFileException e = assertThrows(KeyFileException.class,
          () -> PemKeys.fromPem(pem, null));
      assertEquals(Reason.UNSUPPORTED_KEY, e.reason(), e.getMessage());
    }
  }

  @Test
  void pythonTufTestKeysAreReadWithTheirSchemes() throws Exception {
    List<Path> pems;
    try (Stream<Path> list = Files.list(Fixtures.path("python-tuf-basic/keys"))) {
      pems = list.filter(p -> p.toString().endsWith(".pem")).sorted().toList();
    }
    assertEquals(10, pems.size());
    for (Path pem : pems) {
      Path pub = Path.of(pem.toString().replace(".pem", ".pub.json"));
      JsonObject key = (JsonObject) CanonicalJson.parse(Files.readAllBytes(pub));
      String keyType = ((JsonString) key.get("keytype")).value();
      String scheme = ((JsonString) key.get("scheme")).value();
      String publicValue = ((JsonString) ((JsonObject) key.get("keyval")).get("public")).value();
      Signer signer = PemKeys.read(pem, null);
      assertEquals(scheme, signer.scheme(), pem.toString());
      SignatureVerifier v = CryptoBackends.defaultBackend().verifier(keyType, scheme,
          publicValue);
      v.verify(MESSAGE, signer.sign(MESSAGE));
    }
  }

  @Test
  void publicKeyJsonIsTheTufKeyObject() throws Exception {
    Signer signer = PemKeys.generate("ecdsa-sha2-nistp256", dir.resolve("k.pem"), null);
    Path pub = dir.resolve("k.pub.json");
    PemKeys.writePublicKey(signer, pub);
    JsonObject key = (JsonObject) CanonicalJson.parse(Files.readAllBytes(pub));
    assertEquals("ecdsa", ((JsonString) key.get("keytype")).value());
    assertEquals("ecdsa-sha2-nistp256", ((JsonString) key.get("scheme")).value());
    assertEquals(signer.publicValue(),
        ((JsonString) ((JsonObject) key.get("keyval")).get("public")).value());
    // Standard JSON (the PEM's newlines escaped), otherwise the canonical form.
    assertArrayEquals(CanonicalJson.encodeForFile(PemKeys.publicKey(signer).toJson()),
        Files.readAllBytes(pub));
  }

  /** OpenSSL reads what tuf4j writes and tuf4j reads what OpenSSL writes (when installed). */
  @Test
  void encryptedKeysInteroperateWithOpenssl() throws Exception {
    assumeTrue(commandExists("openssl"), "openssl is not installed");
    Path ours = dir.resolve("ours.pem");
    Signer generated = PemKeys.generate("ecdsa-sha2-nistp256", ours, "pw1".toCharArray(),
        TEST_ITERATIONS);
    Path decrypted = dir.resolve("decrypted.pem");
    run("openssl", "pkcs8", "-in", ours.toString(), "-passin", "pass:pw1", "-out",
        decrypted.toString());
    assertEquals(generated.publicValue(), PemKeys.read(decrypted, null).publicValue());

    Path theirs = dir.resolve("theirs.pem");
    run("openssl", "pkcs8", "-topk8", "-in", decrypted.toString(), "-v2", "aes-256-cbc",
        "-v2prf", "hmacWithSHA256", "-passout", "pass:pw2", "-out", theirs.toString());
    Signer read = PemKeys.read(theirs, "pw2".toCharArray());
    verify(generated, MESSAGE, read.sign(MESSAGE));
  }

  private static byte[] pemBody(Path file) throws IOException {
    String body = Files.readString(file, US_ASCII).replaceAll("-----[A-Z ]+-----", "")
        .replaceAll("\\s", "");
    return Base64.getDecoder().decode(body);
  }

  private static boolean commandExists(String command) {
    for (String dirName : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!dirName.isEmpty() && Files.isExecutable(Path.of(dirName, command))) {
        return true;
      }
    }
    return false;
  }

  private static void run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "timed out: " + String.join(" ", command));
    assertEquals(0, p.exitValue(), String.join(" ", command) + ":\n" + output);
  }

  @Test
  void keyPairSignerFromPrivateKeyRefusesAMismatchedScheme() throws Exception {
    KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
    ec.initialize(new ECGenParameterSpec("secp384r1"));
    assertThrows(java.security.InvalidKeyException.class, () -> KeyPairSigner.fromPrivateKey(
        ec.generateKeyPair().getPrivate(), "ecdsa-sha2-nistp256"));
  }
}
