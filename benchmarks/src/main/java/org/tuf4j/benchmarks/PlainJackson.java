package org.tuf4j.benchmarks;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;

/**
 * The "plain Jackson streaming pass" the benchmarks compare against: every token of a document,
 * nothing built. Field-name interning is off: with its default factory Jackson {@code
 * String.intern}s every distinct member name, and a targets file has one per target, which
 * makes the default pass over 100k targets about four times slower than this one (40 against
 * 150–230 ms here). Names are still canonicalized (one String per distinct name, as a parser
 * building a model would want). A floor should be the least work a parser can do.
 */
final class PlainJackson {
  private static final JsonFactory FACTORY = JsonFactory.builder()
      .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
      .build();

  private PlainJackson() {}

  /** Reads every token of {@code json}; returns how many there were. */
  static int countTokens(byte[] json) throws IOException {
    int tokens = 0;
    try (JsonParser p = FACTORY.createParser(json)) {
      while (p.nextToken() != null) {
        tokens++;
      }
    }
    return tokens;
  }
}
