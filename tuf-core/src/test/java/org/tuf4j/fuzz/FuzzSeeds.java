package org.tuf4j.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.tuf4j.crypto.KeyPairSigner;
import org.tuf4j.metadata.MetadataEncoding;
import org.tuf4j.testing.AktualizrDialect;
import org.tuf4j.testing.Fixtures;
import org.tuf4j.testing.RepositorySimulator;

/**
 * Writes the seed inputs of the parser fuzz targets ({@link ParserFuzzTest}) into the inputs
 * directories, prefixed with the selector bytes each target reads: real metadata from the
 * fixtures and from {@link RepositorySimulator} (JSON, CBOR, the aktualizr dialect), and public
 * keys of every scheme in every shape. Run once; the fuzzer grows the corpus from these.
 *
 * <pre>cd tuf-core &amp;&amp; mvn -B -q test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=org.tuf4j.fuzz.FuzzSeeds -Dexec.args=src/test/resources/org/tuf4j/fuzz</pre>
 *
 * Keys are generated anew on every run, so the seeds differ from run to run; the targets do not
 * depend on which keys they are.
 */
public final class FuzzSeeds {
  private FuzzSeeds() {}

  public static void main(String[] args) throws Exception {
    Path base = Path.of(args[0]).resolve("ParserFuzzTestInputs");
    Path signed = base.resolve("signedParse");
    Path json = base.resolve("canonicalJson");
    Path cbor = base.resolve("deterministicCbor");
    Path keys = base.resolve("publicKeys");

    Path basic = Fixtures.path("python-tuf-basic/metadata");
    try (Stream<Path> files = Files.list(basic)) {
      for (Path f : (Iterable<Path>) files.sorted()::iterator) {
        byte[] bytes = Files.readAllBytes(f);
        String name = f.getFileName().toString();
        int type = name.contains("root") ? 0 : name.contains("timestamp") ? 1
            : name.contains("snapshot") ? 2 : 3;
        write(signed, "fixture-" + name, type, bytes);
        write(signed, "fixture-any-" + name, 4, bytes);
      }
    }

    for (MetadataEncoding encoding : MetadataEncoding.values()) {
      RepositorySimulator sim = RepositorySimulator.builder().encoding(encoding)
          .lengthAndHashesInTimestamp(true).lengthAndHashesInSnapshot(true).build();
      sim.addTarget("a/b.txt", "hello".getBytes(StandardCharsets.UTF_8));
      sim.delegate("targets", "role-a", List.of("a/*", "b?/*.bin"), true);
      sim.delegateHashPrefixes("targets", "role-b", List.of("00", "8f"), false);
      sim.addTarget("role-a", "a/c.txt", new byte[] {1, 2, 3});
      sim.publish();
      int enc = encoding == MetadataEncoding.CBOR ? 8 : 0;
      String ext = encoding.extension();
      write(signed, "sim-root" + ext, enc, sim.file(RepositorySimulator.metadataPath("root", 1,
          encoding)));
      write(signed, "sim-timestamp" + ext, enc | 1,
          sim.file(RepositorySimulator.metadataPath("timestamp", encoding)));
      write(signed, "sim-snapshot" + ext, enc | 2,
          sim.file(RepositorySimulator.metadataPath("snapshot", encoding)));
      write(signed, "sim-targets" + ext, enc | 3,
          sim.file(RepositorySimulator.metadataPath("targets", encoding)));
      write(signed, "sim-role-a" + ext, enc | 4,
          sim.file(RepositorySimulator.metadataPath("role-a", encoding)));
      Path out = encoding == MetadataEncoding.CBOR ? cbor : json;
      write(out, "sim-root" + ext, 0, sim.file(RepositorySimulator.metadataPath("root",
          encoding)), 0);
      write(out, "sim-targets-limited" + ext, 7, sim.file(RepositorySimulator.metadataPath(
          "targets", encoding)), 9);
      if (encoding == MetadataEncoding.JSON) {
        int i = 0;
        RepositorySimulator plain = RepositorySimulator.create();
        plain.addTarget("a/b.txt", "hello".getBytes(StandardCharsets.UTF_8));
        plain.delegate("targets", "role-a", List.of("a/*"), false);
        plain.publish();
        for (Map.Entry<String, byte[]> e : AktualizrDialect.files(plain).entrySet()) {
          String path = e.getKey();
          int type = path.contains("root") ? 0 : path.contains("timestamp") ? 1
              : path.contains("snapshot") ? 2 : 3;
          write(signed, "aktualizr-" + (i++), 16 | type, e.getValue());
        }
      }
    }
    write(json, "small", 3, "{\"a\":[1,-2,\"\\u0001\\n\\\"\",true,false,null,{}]}"
        .getBytes(StandardCharsets.UTF_8), 1);

    String[][] schemes = {{"ed25519"}, {"ecdsa-sha2-nistp256"}, {"ecdsa-sha2-nistp384"},
        {"rsassa-pss-sha256"}};
    for (int s = 0; s < schemes.length; s++) {
      KeyPairSigner signer = KeyPairSigner.generate(schemes[s][0]);
      String value = signer.publicValue();
      byte[] sig = signer.sign("fuzz".getBytes(StandardCharsets.US_ASCII));
      byte[] spki = spki(s, value);
      key(keys, schemes[s][0] + "-value", s, 0, value.getBytes(StandardCharsets.UTF_8), sig);
      key(keys, schemes[s][0] + "-spki", s, 1, spki, sig);
      key(keys, schemes[s][0] + "-spki-crlf", s, 5, spki, sig);
      PublicKey pk = KeyFactory.getInstance(s == 0 ? "Ed25519" : s == 3 ? "RSA" : "EC")
          .generatePublic(new X509EncodedKeySpec(spki));
      if (pk instanceof ECPublicKey ec) {
        int size = s == 1 ? 32 : 48;
        byte[] point = new byte[1 + 2 * size];
        point[0] = 4;
        copyUnsigned(ec.getW().getAffineX().toByteArray(), point, 1, size);
        copyUnsigned(ec.getW().getAffineY().toByteArray(), point, 1 + size, size);
        key(keys, schemes[s][0] + "-hex", s, 3, point, sig);
        key(keys, schemes[s][0] + "-HEX", s, 4, point, sig);
      } else if (s == 0) {
        byte[] raw = java.util.Arrays.copyOfRange(spki, spki.length - 32, spki.length);
        key(keys, "ed25519-hex", s, 3, raw, sig);
      } else {
        byte[] pkcs1 = SubjectPublicKeyInfo.getInstance(spki).parsePublicKey().getEncoded();
        key(keys, "rsa-pkcs1", s, 2, pkcs1, sig);
      }
    }
  }

  private static byte[] spki(int scheme, String value) {
    if (!value.startsWith("-----BEGIN")) {
      // ed25519 as hex: the SPKI prefix and the raw key
      return java.util.HexFormat.of().parseHex("302a300506032b6570032100" + value);
    }
    String body = value.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    return Base64.getDecoder().decode(body);
  }

  private static void copyUnsigned(byte[] big, byte[] out, int offset, int size) {
    int skip = Math.max(0, big.length - size);
    int pad = size - (big.length - skip);
    System.arraycopy(big, skip, out, offset + pad, big.length - skip);
  }

  private static void key(Path dir, String name, int scheme, int shape, byte[] payload,
      byte[] signature) {
    byte[] out = new byte[3 + payload.length + signature.length];
    out[0] = (byte) (scheme | shape << 3);
    out[1] = (byte) (payload.length >> 8);
    out[2] = (byte) payload.length;
    System.arraycopy(payload, 0, out, 3, payload.length);
    System.arraycopy(signature, 0, out, 3 + payload.length, signature.length);
    put(dir.resolve("seed-" + name), out);
  }

  private static void write(Path dir, String name, int selector, byte[] file) {
    byte[] out = new byte[file.length + 1];
    out[0] = (byte) selector;
    System.arraycopy(file, 0, out, 1, file.length);
    put(dir.resolve("seed-" + name), out);
  }

  private static void write(Path dir, String name, int b0, byte[] file, int b1) {
    byte[] out = new byte[file.length + 2];
    out[0] = (byte) b0;
    out[1] = (byte) b1;
    System.arraycopy(file, 0, out, 2, file.length);
    put(dir.resolve("seed-" + name), out);
  }

  private static void put(Path file, byte[] bytes) {
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
