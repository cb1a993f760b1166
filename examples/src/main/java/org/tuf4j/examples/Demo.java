package org.tuf4j.examples;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.tuf4j.TufException;
import org.tuf4j.encoding.CanonicalJson;
import org.tuf4j.encoding.JsonLimits;
import org.tuf4j.encoding.JsonValue;
import org.tuf4j.encoding.JsonValue.JsonObject;

/**
 * Shows what a TUF signature covers: parses metadata strictly (size-bounded, duplicate keys and
 * non-integers refused) and prints the canonical JSON of its {@code signed} part (TUF spec §4.1)
 * with that part's SHA-256.
 *
 * <p>Usage: {@code java -jar examples/target/tuf4j-examples.jar [metadata.json]}; without an
 * argument it uses an embedded sample root.
 */
public final class Demo {
  private Demo() {}

  public static void main(String[] args) throws IOException {
    byte[] input;
    String source;
    if (args.length > 0) {
      input = Files.readAllBytes(Path.of(args[0]));
      source = args[0];
    } else {
      try (InputStream in = Demo.class.getResourceAsStream("sample-root.json")) {
        input = in.readAllBytes();
      }
      source = "embedded sample-root.json";
    }
    System.out.println("1. read " + input.length + " bytes from " + source);
    try {
      JsonValue document = CanonicalJson.parse(input, JsonLimits.DEFAULT.withMaxBytes(1 << 20));
      System.out.println("2. parsed strictly (limit 1 MiB, no duplicate keys, integers only)");
      if (!(document instanceof JsonObject envelope)
          || !(envelope.get("signed") instanceof JsonObject signed)) {
        System.err.println("not TUF metadata: no \"signed\" object");
        System.exit(1);
        return;
      }
      byte[] canonical = CanonicalJson.encode(signed);
      System.out.println("3. canonical JSON of \"signed\" (" + canonical.length
          + " bytes), the exact bytes its signatures cover:");
      System.out.println(new String(canonical, StandardCharsets.UTF_8));
      System.out.println("4. SHA-256 of those bytes: " + sha256(canonical));
    } catch (TufException e) {
      System.err.println("rejected: " + e.getMessage());
      System.exit(1);
    }
  }

  private static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JDK", e);
    }
  }
}
