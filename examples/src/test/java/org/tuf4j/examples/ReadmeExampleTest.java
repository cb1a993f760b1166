package org.tuf4j.examples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.tuf4j.encoding.CanonicalJson;
import org.tuf4j.encoding.JsonValue;

/** The API example in README.md, kept here so the build compiles and runs it. */
class ReadmeExampleTest {

  @Test
  void readmeCanonicalJsonExample() throws Exception {
    // --- README example start ---
    byte[] received = "{ \"b\": 1, \"a\": [true, null] }".getBytes(UTF_8);
    JsonValue value = CanonicalJson.parse(received);   // strict: bounded, no duplicates, ints only
    byte[] signedBytes = CanonicalJson.encode(value);  // what a TUF signature covers
    // --- README example end ---
    assertEquals("{\"a\":[true,null],\"b\":1}", new String(signedBytes, UTF_8));
  }
}
