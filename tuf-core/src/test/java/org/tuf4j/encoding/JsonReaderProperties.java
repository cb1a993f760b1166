package org.tuf4j.encoding;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.tuf4j.MalformedMetadataException;
import org.tuf4j.TufException;
import org.tuf4j.encoding.JsonValue.JsonArray;
import org.tuf4j.encoding.JsonValue.JsonBoolean;
import org.tuf4j.encoding.JsonValue.JsonNull;
import org.tuf4j.encoding.JsonValue.JsonNumber;
import org.tuf4j.encoding.JsonValue.JsonObject;
import org.tuf4j.encoding.JsonValue.JsonString;
import org.tuf4j.testing.JacksonReader;

/**
 * Properties of {@link JsonReader} (TUF spec §4.1): its canonical-form detection is exact, and it
 * agrees with an independent parser (Jackson) on every input both consider strict JSON.
 */
class JsonReaderProperties {
  private static final JsonLimits LIMITS = new JsonLimits(1 << 16, 16, 4096);
  private static final JsonFactory JACKSON = JsonFactory.builder()
      .enable(JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS)
      .build();

  /**
   * The signature fast path rests on this: a document reads with no deviation exactly when its
   * bytes are the canonical encoding of what it parses to. Renderings vary whitespace, escapes,
   * member order and the sign of zero.
   */
  @Property(tries = 1500)
  void noDeviationExactlyWhenTheBytesAreCanonical(@ForAll("values") JsonValue value,
      @ForAll long seed) throws Exception {
    byte[] rendered = render(value, new Random(seed));
    JsonReader reader = JsonReader.of(rendered, LIMITS);
    reader.next();
    JsonValue parsed = reader.readValue();
    assertEquals(JsonReader.Token.END_DOCUMENT, reader.next());
    long deviations = reader.deviations(); // whole document, trailing whitespace included
    assertEquals(value, parsed);
    byte[] canonical = CanonicalJson.encode(value);
    assertEquals(java.util.Arrays.equals(rendered, canonical), deviations == 0,
        () -> new String(rendered, UTF_8));
  }

  /** A canonical value nested in a non-canonical document is still found canonical. */
  @Property(tries = 500)
  void deviationsAroundAValueDoNotCountInsideIt(@ForAll("values") JsonValue value)
      throws Exception {
    byte[] inner = CanonicalJson.encode(value);
    byte[] doc = ("{ \"z\" : 1,\n \"a\" :  " + new String(inner, UTF_8) + " \n}").getBytes(UTF_8);
    JsonReader reader = JsonReader.of(doc, LIMITS);
    reader.next();
    reader.next(); // "z"
    reader.next();
    reader.next(); // "a"
    reader.next();
    long before = reader.deviations();
    int start = reader.tokenStart();
    reader.skipValue();
    assertEquals(before, reader.deviations());
    assertArrayEquals(inner, java.util.Arrays.copyOfRange(doc, start, reader.tokenEnd()));
  }

  @Property(tries = 1500)
  void agreesWithJacksonOnMutatedDocuments(@ForAll("values") JsonValue value, @ForAll long seed) {
    Random random = new Random(seed);
    byte[] bytes = render(value, random);
    int edits = 1 + random.nextInt(3);
    for (int i = 0; i < edits && bytes.length > 0; i++) {
      bytes = mutate(bytes, random);
    }
    compareWithJackson(bytes);
  }

  @Property(tries = 1000)
  void agreesWithJacksonOnArbitraryShortInputs(@ForAll("jsonish") String text) {
    compareWithJackson(text.getBytes(UTF_8));
  }

  /**
   * Accepted by tuf4j ⇒ Jackson reads the same value. Rejected by tuf4j ⇒ Jackson rejects it too,
   * or it breaks a rule Jackson does not enforce (duplicates, non-integers, 64-bit range, UTF-8
   * validity, unpaired surrogates).
   */
  private static void compareWithJackson(byte[] bytes) {
    JsonValue ours = null;
    MalformedMetadataException oursFailure = null;
    try {
      ours = CanonicalJson.parse(bytes, LIMITS);
    } catch (MalformedMetadataException e) {
      oursFailure = e;
    } catch (TufException e) {
      fail("unexpected " + e);
    }
    JsonValue theirs;
    try {
      theirs = jackson(bytes);
    } catch (Exception e) {
      theirs = null;
    }
    if (ours != null) {
      assertEquals(ours, theirs, () -> "Jackson disagrees on " + show(bytes));
    } else if (theirs != null) {
      String reason = oursFailure.reason() + " " + oursFailure.getMessage();
      assertTrue(!validUtf8(bytes) || oursFailure.reason() != MalformedMetadataException.Reason.SYNTAX
          || reason.contains("surrogate") || reason.contains("byte order mark")
          // Jackson 2.18 takes some non-ASCII characters for \\u escape digits (U+0830 as '0').
          || reason.contains("invalid \\u escape"),
          () -> "tuf4j rejected what Jackson accepts: " + show(bytes) + ": " + reason);
    }
  }

  /** Jackson's reading as a JsonValue; null-free maps, duplicates and floats as failures. */
  private static JsonValue jackson(byte[] bytes) throws Exception {
    if (!validUtf8(bytes)) {
      return null;
    }
    try (JsonParser p = JACKSON.createParser(new String(bytes, UTF_8))) {
      return JacksonReader.read(p);
    }
  }

  private static boolean validUtf8(byte[] bytes) {
    try {
      UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
      return !(bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF);
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  private static String show(byte[] bytes) {
    return "[" + new String(bytes, UTF_8) + "] " + java.util.HexFormat.of().formatHex(bytes);
  }

  private static byte[] mutate(byte[] bytes, Random random) {
    byte[] alphabet = "{}[]\":,\\ \n-0123456789.eEtrufalsn\u00e9x".getBytes(UTF_8);
    int at = random.nextInt(bytes.length);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    switch (random.nextInt(3)) {
      case 0 -> { // replace
        out.write(bytes, 0, at);
        out.write(alphabet[random.nextInt(alphabet.length)]);
        out.write(bytes, at + 1, bytes.length - at - 1);
      }
      case 1 -> { // insert
        out.write(bytes, 0, at);
        out.write(alphabet[random.nextInt(alphabet.length)]);
        out.write(bytes, at, bytes.length - at);
      }
      default -> { // delete
        out.write(bytes, 0, at);
        out.write(bytes, at + 1, bytes.length - at - 1);
      }
    }
    return out.toByteArray();
  }

  // ---- rendering a value in many equivalent ways ----

  private static byte[] render(JsonValue value, Random random) {
    StringBuilder sb = new StringBuilder();
    boolean canonicalOnly = random.nextInt(3) == 0;
    render(value, random, canonicalOnly, sb);
    return sb.toString().getBytes(UTF_8);
  }

  private static void render(JsonValue v, Random r, boolean plain, StringBuilder sb) {
    space(r, plain, sb);
    if (v instanceof JsonObject o) {
      List<Map.Entry<String, JsonValue>> members = new ArrayList<>(o.members().entrySet());
      if (!plain && r.nextInt(4) == 0) {
        Collections.shuffle(members, r);
      }
      sb.append('{');
      for (int i = 0; i < members.size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        space(r, plain, sb);
        string(members.get(i).getKey(), r, plain, sb);
        space(r, plain, sb);
        sb.append(':');
        render(members.get(i).getValue(), r, plain, sb);
      }
      space(r, plain, sb);
      sb.append('}');
    } else if (v instanceof JsonArray a) {
      sb.append('[');
      for (int i = 0; i < a.elements().size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        render(a.elements().get(i), r, plain, sb);
      }
      space(r, plain, sb);
      sb.append(']');
    } else if (v instanceof JsonString s) {
      string(s.value(), r, plain, sb);
    } else if (v instanceof JsonNumber n) {
      sb.append(n.value() == 0 && !plain && r.nextInt(3) == 0 ? "-0" : Long.toString(n.value()));
    } else if (v instanceof JsonBoolean b) {
      sb.append(b.value());
    } else {
      sb.append("null");
    }
    space(r, plain, sb);
  }

  private static void space(Random r, boolean plain, StringBuilder sb) {
    if (!plain && r.nextInt(8) == 0) {
      sb.append(" \n\t\r".charAt(r.nextInt(4)));
    }
  }

  private static void string(String s, Random r, boolean plain, StringBuilder sb) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        sb.append(!plain && r.nextInt(4) == 0 ? String.format("\\u%04x", (int) c) : "\\" + c);
      } else if (Character.isHighSurrogate(c)) {
        char low = s.charAt(++i); // values are well-formed: a pair, escaped together or not
        sb.append(!plain && r.nextInt(3) == 0
            ? String.format("\\u%04x\\u%04X", (int) c, (int) low) : "" + c + low);
      } else if (!plain && r.nextInt(6) == 0) {
        sb.append(c == '/' ? "\\/" : c == '\n' ? "\\n" : String.format("\\u%04X", (int) c));
      } else {
        sb.append(c);
      }
    }
    sb.append('"');
  }

  @Provide
  Arbitrary<String> jsonish() {
    return Arbitraries.strings().withChars("{}[]\":,\\ -019eE.tnul\u00e9\u0000")
        .ofMaxLength(14);
  }

  @Provide
  Arbitrary<JsonValue> values() {
    return Arbitraries.recursive(this::leaves, this::containersOf, 0, 4);
  }

  private Arbitrary<JsonValue> leaves() {
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(10).filter(CanonicalJson::isWellFormedUnicode)
            .map(JsonString::new),
        Arbitraries.strings().withChars("a/\"\\\n\u00e9\uD83D\uDE00").ofMaxLength(6)
            .filter(CanonicalJson::isWellFormedUnicode).map(JsonString::new),
        Arbitraries.longs().map(JsonNumber::new),
        Arbitraries.of(new JsonNumber(0), new JsonNumber(Long.MIN_VALUE)),
        Arbitraries.of(JsonBoolean.TRUE, JsonBoolean.FALSE, JsonNull.INSTANCE));
  }

  private Arbitrary<JsonValue> containersOf(Arbitrary<JsonValue> inner) {
    Arbitrary<String> names = Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(6).filter(CanonicalJson::isWellFormedUnicode),
        Arbitraries.strings().withChars("ab\"\uFF21\uD83D\uDE00").ofMaxLength(3)
            .filter(CanonicalJson::isWellFormedUnicode));
    Arbitrary<JsonValue> arrays =
        inner.list().ofMaxSize(4).map(l -> new JsonArray(new ArrayList<>(l)));
    Arbitrary<JsonValue> objects = Arbitraries.maps(names, inner).ofMaxSize(5)
        .map(m -> new JsonObject(new LinkedHashMap<String, JsonValue>(m)));
    return Arbitraries.oneOf(inner, arrays, objects);
  }
}
