package org.tuf4j.benchmarks;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.security.MessageDigest;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.digests.SHA512Digest;
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

/**
 * Where tuf4j's ed25519 verification should switch from BouncyCastle ({@code bouncyCastle}) to
 * the JDK-digest path ({@code jdkDigest}: the JDK's SHA-512, then the group equation in plain
 * arithmetic), by message size: the threshold {@code Ed25519Verifier.LARGE_MESSAGE} is where the
 * second becomes faster. Both paths are package-private in tuf-core and reached by reflection
 * (the benchmark jar runs on the class path). {@code bcSha512} and {@code jdkSha512} are the two
 * digests alone.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class Ed25519SizeBenchmark {
  @Param({"1024", "65536", "262144", "524288", "1048576", "2097152", "8388608"})
  public int size;

  private byte[] message;
  private byte[] signature;
  private Object verifier;
  private MethodHandle bouncyCastle;
  private MethodHandle jdkDigest;

  @Setup(Level.Trial)
  public void sign() throws Throwable {
    Random random = new Random(size);
    byte[] sk = new byte[32];
    random.nextBytes(sk);
    byte[] pk = new byte[32];
    Ed25519.generatePublicKey(sk, 0, pk, 0);
    message = new byte[size];
    random.nextBytes(message);
    signature = new byte[64];
    Ed25519.sign(sk, 0, message, 0, size, signature, 0);
    byte[] spki = new byte[44];
    System.arraycopy(java.util.HexFormat.of().parseHex("302a300506032b6570032100"), 0, spki, 0,
        12);
    System.arraycopy(pk, 0, spki, 12, 32);
    Class<?> type = Class.forName("org.tuf4j.crypto.Ed25519Verifier");
    Method fromSpki = type.getDeclaredMethod("fromSpki", byte[].class);
    fromSpki.setAccessible(true);
    verifier = fromSpki.invoke(null, (Object) spki);
    bouncyCastle = handle(type, "verifiesWithBouncyCastle");
    jdkDigest = handle(type, "verifyWithJdkDigest");
    if (!(boolean) bouncyCastle.invoke(verifier, message, 0, size, signature)
        || !jdkDigest.invoke(verifier, message, 0, size, signature).toString().equals("VALID")) {
      throw new IllegalStateException("both paths must accept an honest signature");
    }
  }

  private static MethodHandle handle(Class<?> type, String name) throws Exception {
    Method m = type.getDeclaredMethod(name, byte[].class, int.class, int.class, byte[].class);
    m.setAccessible(true);
    return MethodHandles.lookup().unreflect(m);
  }

  @Benchmark
  public Object bouncyCastle() throws Throwable {
    return bouncyCastle.invoke(verifier, message, 0, size, signature);
  }

  @Benchmark
  public Object jdkDigest() throws Throwable {
    return jdkDigest.invoke(verifier, message, 0, size, signature);
  }

  @Benchmark
  public byte[] bcSha512() {
    SHA512Digest d = new SHA512Digest();
    d.update(message, 0, size);
    byte[] out = new byte[64];
    d.doFinal(out, 0);
    return out;
  }

  @Benchmark
  public byte[] jdkSha512() throws Exception {
    MessageDigest d = MessageDigest.getInstance("SHA-512");
    d.update(message, 0, size);
    return d.digest();
  }
}
