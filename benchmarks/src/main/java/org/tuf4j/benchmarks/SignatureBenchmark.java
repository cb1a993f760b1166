package org.tuf4j.benchmarks;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.tuf4j.crypto.CryptoBackend;
import org.tuf4j.crypto.CryptoBackends;
import org.tuf4j.crypto.KeyPairSigner;
import org.tuf4j.crypto.SignatureVerifier;

/**
 * One signature verification per scheme (TUF spec §4.2) over the same 1 KiB message:
 * <ul>
 *   <li>{@code tuf4jVerify}: a tuf4j verifier for the key, made once;
 *   <li>{@code rawVerify}: the primitive that backend runs, called directly — the JCA {@code
 *       Signature} of its provider, or, for ed25519 on BouncyCastle, BouncyCastle's RFC 8032
 *       implementation, which tuf4j calls without the JCA layer. tuf4j's overhead is the
 *       difference;
 *   <li>{@code tuf4jVerifyFromKeyObject}: what the client does per signature: from the trusted
 *       key object (key type, scheme, public value) to a verified signature. tuf4j decodes a key
 *       once and reuses its verifier, so this is the steady state of a client that refreshes
 *       again and again.
 * </ul>
 * Both backends for every scheme, so the default backend is chosen on evidence.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SignatureBenchmark {
  @Param({"ed25519", "ecdsa-sha2-nistp256", "rsassa-pss-sha256/2048", "rsassa-pss-sha256/4096"})
  public String scheme;

  @Param({"jdk", "bouncycastle"})
  public String backend;

  private final byte[] message = new byte[1024];
  private byte[] signature;
  private SignatureVerifier verifier;
  private Signature raw;
  private KeyPair pair;
  private java.security.PublicKey rawKey;
  private CryptoBackend backendImpl;
  private String keyType;
  private String schemeName;
  private String publicValue;
  private byte[] rawEd25519;

  @Setup(Level.Trial)
  public void keys() throws Exception {
    String tufScheme = scheme.split("/")[0];
    String jca;
    Provider provider = backend.equals("jdk") ? null : new BouncyCastleProvider();
    KeyPairGenerator g;
    switch (tufScheme) {
      case "ed25519" -> {
        g = KeyPairGenerator.getInstance("Ed25519");
        jca = "Ed25519";
      }
      case "ecdsa-sha2-nistp256" -> {
        g = KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        jca = "SHA256withECDSA";
      }
      default -> {
        g = KeyPairGenerator.getInstance("RSA");
        g.initialize(Integer.parseInt(scheme.split("/")[1]));
        jca = "RSASSA-PSS";
      }
    }
    pair = g.generateKeyPair();
    KeyPairSigner signer = KeyPairSigner.fromPrivateKey(pair.getPrivate(), tufScheme);
    signature = signer.sign(message);
    backendImpl = backend.equals("jdk") ? CryptoBackends.jdk() : CryptoBackends.bouncyCastle();
    keyType = signer.keyType();
    schemeName = signer.scheme();
    publicValue = signer.publicValue();
    verifier = backendImpl.verifier(keyType, schemeName, publicValue);
    if (tufScheme.equals("ed25519") && provider != null) {
      byte[] spki = pair.getPublic().getEncoded();
      rawEd25519 = java.util.Arrays.copyOfRange(spki, spki.length - 32, spki.length);
    }
    raw = provider == null ? Signature.getInstance(jca) : Signature.getInstance(jca, provider);
    // The provider's own key object: handing BouncyCastle the JDK's key would make it convert
    // the key at every initVerify, a cost no real caller pays.
    rawKey = provider == null ? pair.getPublic() : java.security.KeyFactory.getInstance(
        pair.getPublic().getAlgorithm(), provider).generatePublic(
            new java.security.spec.X509EncodedKeySpec(pair.getPublic().getEncoded()));
    if (jca.equals("RSASSA-PSS")) {
      raw.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
    }
  }

  @Benchmark
  public void tuf4jVerify() throws Exception {
    verifier.verify(message, signature);
  }

  @Benchmark
  public boolean rawVerify() throws Exception {
    if (rawEd25519 != null) {
      return Ed25519.verify(signature, 0, rawEd25519, 0, message, 0, message.length);
    }
    raw.initVerify(rawKey);
    raw.update(message);
    return raw.verify(signature);
  }

  @Benchmark
  public void tuf4jVerifyFromKeyObject() throws Exception {
    backendImpl.verifier(keyType, schemeName, publicValue).verify(message, signature);
  }
}
