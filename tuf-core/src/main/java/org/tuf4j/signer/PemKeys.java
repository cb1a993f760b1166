package org.tuf4j.signer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.channels.Channels;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PBKDF2Params;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;
import org.bouncycastle.util.io.pem.PemWriter;
import org.tuf4j.UnsupportedFeatureException;
import org.tuf4j.crypto.KeyPairSigner;
import org.tuf4j.crypto.Signer;
import org.tuf4j.encoding.CanonicalJson;
import org.tuf4j.metadata.Key;
import org.tuf4j.signer.KeyFileException.Reason;

/**
 * Private keys in PKCS#8 PEM files, the format OpenSSL, python-tuf and securesystemslib read
 * and write, for every scheme of TUF spec §4.2 (ed25519, ecdsa-sha2-nistp256/384,
 * rsassa-pss-sha256). Keeping private keys safe is the repository's job (TUF spec "Key
 * management"): files are created owner-only, and may be encrypted with a password under PBES2
 * (PBKDF2-HMAC-SHA256, {@value #PBKDF2_ITERATIONS} iterations, AES-256-CBC), which OpenSSL reads
 * as an {@code ENCRYPTED PRIVATE KEY}.
 *
 * <p>Passwords are {@code char[]} so that callers can wipe them; this class never keeps or
 * copies them (the PBKDF2 implementation may make transient copies that it does not wipe).
 */
public final class PemKeys {
  /** PBKDF2-HMAC-SHA256 iterations for new encrypted keys (OWASP's 2023 recommendation). */
  public static final int PBKDF2_ITERATIONS = 600_000;

  // A key file is a few kilobytes at most; the bounds keep hostile files from costing much.
  private static final long MAX_FILE_SIZE = 64 * 1024;
  private static final int MAX_ITERATIONS = 10_000_000;
  private static final String PLAIN = "PRIVATE KEY";
  private static final String ENCRYPTED = "ENCRYPTED PRIVATE KEY";
  // A private instance: the JVM's global provider list is never changed.
  private static final Provider BC = new BouncyCastleProvider();

  private PemKeys() {}

  /**
   * Generates a key for {@code scheme} and writes its private key to {@code privateKeyFile}, a
   * new file (an existing file is never overwritten) readable only by its owner where the file
   * system has POSIX permissions.
   *
   * @param scheme the TUF scheme: ed25519, ecdsa-sha2-nistp256, ecdsa-sha2-nistp384 or
   *     rsassa-pss-sha256
   * @param privateKeyFile the file to create
   * @param password null for an unencrypted file; otherwise not empty. Not modified or kept.
   * @return a signer for the new key; {@link #publicKey} gives its TUF key object
   * @throws java.nio.file.FileAlreadyExistsException if {@code privateKeyFile} exists
   * @throws KeyFileException {@link Reason#UNSUPPORTED_KEY} for an unknown scheme
   */
  public static Signer generate(String scheme, Path privateKeyFile, char[] password)
      throws IOException, KeyFileException {
    return generate(scheme, privateKeyFile, password, PBKDF2_ITERATIONS);
  }

  /** {@link #generate(String, Path, char[])} with a chosen PBKDF2 iteration count (tests). */
  static Signer generate(String scheme, Path privateKeyFile, char[] password, int iterations)
      throws IOException, KeyFileException {
    if (password != null && password.length == 0) {
      throw new IllegalArgumentException("empty password: pass null for an unencrypted key");
    }
    KeyScheme s = KeyScheme.byName(scheme).orElseThrow(() -> new KeyFileException(
        Reason.UNSUPPORTED_KEY, "unsupported signature scheme: " + scheme));
    try {
      KeyPair pair = s.generate(null);
      PemObject pem = password == null
          ? new PemObject(PLAIN, pair.getPrivate().getEncoded())
          : new PKCS8Generator(PrivateKeyInfo.getInstance(pair.getPrivate().getEncoded()),
              encryptor(password, iterations)).generate();
      writeOwnerOnly(privateKeyFile, pem);
      return KeyPairSigner.fromPrivateKey(pair.getPrivate(), s.tufName);
    } catch (GeneralSecurityException | UnsupportedFeatureException
        | OperatorCreationException e) {
      // Every scheme of KeyScheme is one every JDK 17 and BouncyCastle implement.
      throw new IllegalStateException("cannot generate a " + scheme + " key", e);
    }
  }

  /**
   * Reads a PKCS#8 PEM private key file, encrypted ({@code ENCRYPTED PRIVATE KEY}, PBES2) or
   * not ({@code PRIVATE KEY}). The scheme follows from the key: ed25519, ecdsa-sha2-nistp256 or
   * -nistp384 by curve, rsassa-pss-sha256 for RSA.
   *
   * @param privateKeyFile the PEM file
   * @param password the password of an encrypted file; ignored (may be null) for a plain one.
   *     Not modified or kept.
   * @return a signer for the key
   * @throws IOException when the file cannot be read
   * @throws KeyFileException when the password is missing or wrong, or the file does not hold a
   *     usable PKCS#8 key ({@link KeyFileException#reason()} says which)
   */
  public static Signer read(Path privateKeyFile, char[] password)
      throws IOException, KeyFileException {
    if (Files.size(privateKeyFile) > MAX_FILE_SIZE) {
      throw new KeyFileException(Reason.MALFORMED, privateKeyFile + " is larger than "
          + MAX_FILE_SIZE + " bytes: not a private key file");
    }
    byte[] bytes = Files.readAllBytes(privateKeyFile);
    try {
      return parse(bytes, password);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  /**
   * Copies a PKCS#8 PEM private key (for example one OpenSSL or python-tuf wrote) to a new
   * owner-only file, decrypting it with {@code sourcePassword} if needed and encrypting it with
   * {@code password} unless that is null. The key is checked to be usable for TUF first.
   *
   * @param source the PEM file to import
   * @param sourcePassword the password of {@code source} if it is encrypted; else ignored (may be
   *     null)
   * @param privateKeyFile the file to create
   * @param password the new file's password, or null for an unencrypted file; not modified or kept
   * @return a signer for the key
   * @throws IOException when {@code source} cannot be read or {@code privateKeyFile} cannot be
   *     created (it must not exist)
   * @throws KeyFileException when {@code source} cannot be decrypted or does not hold a key usable
   *     for TUF
   */
  public static Signer importKey(Path source, char[] sourcePassword, Path privateKeyFile,
      char[] password) throws IOException, KeyFileException {
    if (password != null && password.length == 0) {
      throw new IllegalArgumentException("empty password: pass null for an unencrypted key");
    }
    if (Files.size(source) > MAX_FILE_SIZE) {
      throw new KeyFileException(Reason.MALFORMED, source + " is larger than " + MAX_FILE_SIZE
          + " bytes: not a private key file");
    }
    byte[] bytes = Files.readAllBytes(source);
    byte[] der = null;
    try {
      Signer signer = parse(bytes, sourcePassword);
      PemObject pem = readSinglePem(bytes);
      der = pem.getType().equals(ENCRYPTED) ? decrypt(pem.getContent(), sourcePassword)
          : pem.getContent().clone();
      PemObject out = password == null ? new PemObject(PLAIN, der)
          : new PKCS8Generator(PrivateKeyInfo.getInstance(der),
              encryptor(password, PBKDF2_ITERATIONS)).generate();
      writeOwnerOnly(privateKeyFile, out);
      return signer;
    } catch (OperatorCreationException | org.bouncycastle.util.io.pem.PemGenerationException e) {
      throw new IllegalStateException("cannot encrypt the key", e);
    } finally {
      Arrays.fill(bytes, (byte) 0);
      if (der != null) {
        Arrays.fill(der, (byte) 0);
      }
    }
  }

  /**
   * {@link #read(Path, char[])} for PEM text already in memory.
   *
   * @param pem the PEM text
   * @param password the password of an encrypted key; ignored (may be null) for a plain one
   * @return a signer for the key
   * @throws KeyFileException when the password is missing or wrong, or the text does not hold a
   *     usable PKCS#8 key
   */
  public static Signer fromPem(String pem, char[] password) throws KeyFileException {
    return parse(pem.getBytes(StandardCharsets.US_ASCII), password);
  }

  /**
   * The TUF key object (TUF spec §4.2) of a signer's public key, as root metadata lists it.
   *
   * @param signer a signer, such as one {@link #read} returned
   * @return the key object; its {@link Key#computeKeyId()} is the key id
   */
  public static Key publicKey(Signer signer) {
    return Key.of(signer.keyType(), signer.scheme(), signer.publicValue());
  }

  /**
   * Writes {@link #publicKey} as canonical JSON, replacing {@code file} if it exists.
   *
   * @param signer the signer whose public key is written
   * @param file the file to write
   * @throws IOException when the file cannot be written
   */
  public static void writePublicKey(Signer signer, Path file) throws IOException {
    Files.write(file, CanonicalJson.encodeForFile(publicKey(signer).toJson()));
  }

  private static Signer parse(byte[] pemBytes, char[] password) throws KeyFileException {
    PemObject pem = readSinglePem(pemBytes);
    byte[] der;
    if (pem.getType().equals(ENCRYPTED)) {
      der = decrypt(pem.getContent(), password);
    } else if (pem.getType().equals(PLAIN)) {
      der = pem.getContent();
    } else if (pem.getType().endsWith(" PRIVATE KEY")) {
      throw new KeyFileException(Reason.UNSUPPORTED_KEY, "a " + pem.getType() + " block is not "
          + "PKCS#8; convert it with: openssl pkcs8 -topk8 -in OLD -out NEW");
    } else {
      throw new KeyFileException(Reason.MALFORMED, "expected a PRIVATE KEY or ENCRYPTED PRIVATE "
          + "KEY PEM block, got " + pem.getType());
    }
    try {
      return toSigner(der);
    } finally {
      Arrays.fill(der, (byte) 0);
      Arrays.fill(pem.getContent(), (byte) 0);
    }
  }

  private static PemObject readSinglePem(byte[] pemBytes) throws KeyFileException {
    try (PemReader reader = new PemReader(new InputStreamReader(
        new ByteArrayInputStream(pemBytes), StandardCharsets.US_ASCII))) {
      PemObject pem = reader.readPemObject();
      if (pem == null) {
        throw new KeyFileException(Reason.MALFORMED, "no PEM block found");
      }
      if (reader.readPemObject() != null) {
        throw new KeyFileException(Reason.MALFORMED, "more than one PEM block; expected one key");
      }
      return pem;
    } catch (IOException | RuntimeException e) {
      // BouncyCastle reports bad base64 and unterminated blocks as IOException or DecoderException.
      throw new KeyFileException(Reason.MALFORMED, "not a well-formed PEM file: " + e.getMessage(),
          e);
    }
  }

  private static byte[] decrypt(byte[] content, char[] password) throws KeyFileException {
    PKCS8EncryptedPrivateKeyInfo encrypted;
    try {
      encrypted = new PKCS8EncryptedPrivateKeyInfo(content);
    } catch (IOException | RuntimeException e) {
      throw new KeyFileException(Reason.MALFORMED, "ENCRYPTED PRIVATE KEY is not a PKCS#8 "
          + "EncryptedPrivateKeyInfo", e);
    }
    requireSupportedEncryption(encrypted.getEncryptionAlgorithm());
    if (password == null || password.length == 0) {
      throw new KeyFileException(Reason.PASSWORD_REQUIRED,
          "the private key is encrypted: a password is required");
    }
    try {
      return encrypted.decryptPrivateKeyInfo(new JceOpenSSLPKCS8DecryptorProviderBuilder()
          .setProvider(BC).build(password)).getEncoded();
    } catch (Exception e) {
      // A wrong password shows as bad padding or, 1 time in 256, as garbage that is not DER.
      throw new KeyFileException(Reason.WRONG_PASSWORD,
          "wrong password for the encrypted private key (or the file is corrupt)", e);
    }
  }

  /** PBES2 with PBKDF2 only, with a bounded iteration count: what OpenSSL 1.1+ and tuf4j write. */
  private static void requireSupportedEncryption(AlgorithmIdentifier algorithm)
      throws KeyFileException {
    if (!algorithm.getAlgorithm().equals(PKCSObjectIdentifiers.id_PBES2)) {
      throw new KeyFileException(Reason.UNSUPPORTED_KEY, "private key encryption "
          + algorithm.getAlgorithm() + " is not supported; re-encrypt with: openssl pkcs8 "
          + "-topk8 -v2 aes-256-cbc -v2prf hmacWithSHA256");
    }
    PBES2Parameters pbes2;
    try {
      pbes2 = PBES2Parameters.getInstance(algorithm.getParameters());
    } catch (RuntimeException e) {
      throw new KeyFileException(Reason.MALFORMED, "invalid PBES2 parameters", e);
    }
    if (!pbes2.getKeyDerivationFunc().getAlgorithm().equals(PKCSObjectIdentifiers.id_PBKDF2)) {
      throw new KeyFileException(Reason.UNSUPPORTED_KEY, "PBES2 key derivation "
          + pbes2.getKeyDerivationFunc().getAlgorithm() + " is not supported (only PBKDF2)");
    }
    ASN1Encodable kdfParams = pbes2.getKeyDerivationFunc().getParameters();
    int iterations;
    try {
      iterations = PBKDF2Params.getInstance(kdfParams).getIterationCount().intValueExact();
    } catch (RuntimeException e) {
      throw new KeyFileException(Reason.MALFORMED, "invalid PBKDF2 parameters", e);
    }
    if (iterations < 1 || iterations > MAX_ITERATIONS) {
      throw new KeyFileException(Reason.MALFORMED, "PBKDF2 iteration count " + iterations
          + " is outside [1, " + MAX_ITERATIONS + "]");
    }
  }

  private static Signer toSigner(byte[] der) throws KeyFileException {
    PrivateKeyInfo info;
    try {
      info = PrivateKeyInfo.getInstance(der);
    } catch (RuntimeException e) {
      throw new KeyFileException(Reason.MALFORMED, "PRIVATE KEY is not a PKCS#8 PrivateKeyInfo",
          e);
    }
    KeyScheme scheme = KeyScheme.of(info.getPrivateKeyAlgorithm()).orElseThrow(() ->
        new KeyFileException(Reason.UNSUPPORTED_KEY, "unsupported private key algorithm "
            + info.getPrivateKeyAlgorithm().getAlgorithm() + " (supported: ed25519, ECDSA on "
            + "P-256 or P-384, RSA)"));
    try {
      PrivateKey key = KeyFactory.getInstance(scheme.keyAlgorithm)
          .generatePrivate(new PKCS8EncodedKeySpec(der));
      return KeyPairSigner.fromPrivateKey(key, scheme.tufName);
    } catch (GeneralSecurityException | UnsupportedFeatureException e) {
      throw new KeyFileException(Reason.UNSUPPORTED_KEY, "cannot use the " + scheme.tufName
          + " private key: " + e.getMessage(), e);
    }
  }

  private static OutputEncryptor encryptor(char[] password, int iterations)
      throws OperatorCreationException {
    return new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
        .setPRF(PKCS8Generator.PRF_HMACSHA256)
        .setIterationCount(iterations)
        .setRandom(new SecureRandom())
        .setProvider(BC)
        .setPassword(password)
        .build();
  }

  private static void writeOwnerOnly(Path file, PemObject pem) throws IOException {
    FileAttribute<?>[] attributes = file.getFileSystem().supportedFileAttributeViews()
        .contains("posix")
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(
            PosixFilePermissions.fromString("rw-------"))}
        : new FileAttribute<?>[0];
    // CREATE_NEW: the mode applies from the first byte, and no existing key is overwritten.
    try (OutputStream out = Channels.newOutputStream(Files.newByteChannel(file,
        Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), attributes))) {
      write(out, pem);
    } catch (IOException | RuntimeException e) {
      if (!(e instanceof FileAlreadyExistsException)) {
        Files.deleteIfExists(file);
      }
      throw e;
    }
  }

  private static void write(OutputStream out, PemObject pem) throws IOException {
    Writer writer = new OutputStreamWriter(out, StandardCharsets.US_ASCII);
    try (PemWriter pemWriter = new PemWriter(writer)) {
      pemWriter.writeObject(pem);
    }
  }
}
