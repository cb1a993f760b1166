package org.tuf4j.encoding;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tuf4j.MalformedMetadataException;
import org.tuf4j.MalformedMetadataException.Reason;
import org.tuf4j.TooLargeException;
import org.tuf4j.encoding.JsonValue.JsonArray;
import org.tuf4j.encoding.JsonValue.JsonBoolean;
import org.tuf4j.encoding.JsonValue.JsonNull;
import org.tuf4j.encoding.JsonValue.JsonNumber;
import org.tuf4j.encoding.JsonValue.JsonObject;
import org.tuf4j.encoding.JsonValue.JsonString;

/**
 * OLPC canonical JSON, the encoding TUF signatures cover (TUF spec §4.1 "Metaformat"), and a
 * strict JSON parser for untrusted input.
 *
 * <p>Canonical form, byte for byte as python-tuf (securesystemslib) and go-tuf produce it: no
 * insignificant whitespace; object members sorted by the code points of their names; strings
 * in UTF-8 with only {@code "} and {@code \} escaped (every other character, control characters
 * included, is written raw); integers in shortest decimal form; no floating-point numbers.
 *
 * <p>The parser accepts any strict JSON text (RFC 8259) that has a canonical form, so pretty
 * printed metadata from other implementations parses, and rejects with a {@link
 * MalformedMetadataException} whose {@link MalformedMetadataException#reason() reason} names the
 * rule: duplicate member names, numbers with a fraction or exponent, integers beyond 64 bits,
 * nesting deeper than {@link JsonLimits#maxDepth()}, strings with unpaired surrogates, invalid
 * UTF-8, a byte order mark, trailing content. Input longer than {@link JsonLimits#maxBytes()} is
 * refused with {@link TooLargeException} before it is looked at.
 */
public final class CanonicalJson {

  /** Deepest nesting a caller may allow; keeps the recursive tree builder off the stack limit. */
  public static final int MAX_SUPPORTED_DEPTH = 512;

  /** Object member order of canonical JSON: by Unicode code point (= UTF-8 byte order). */
  public static final Comparator<String> KEY_ORDER = CanonicalJson::compareCodePoints;

  private static final JsonFactory FACTORY = JsonFactory.builder()
      // Our own checks run first and give specific reasons; these only keep Jackson out of the way.
      .streamReadConstraints(StreamReadConstraints.builder()
          .maxNestingDepth(MAX_SUPPORTED_DEPTH + 1)
          .maxStringLength(Integer.MAX_VALUE)
          .maxNumberLength(64)
          .maxNameLength(Integer.MAX_VALUE)
          .build())
      // Canonical JSON writes control characters raw (PEM keys hold newlines), so its output
      // must parse back: raw control characters in strings are accepted.
      .enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS)
      .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
      .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
      .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)
      .build();

  private CanonicalJson() {}

  /** The canonical encoding of {@code value}: the exact bytes a TUF signature covers. */
  public static byte[] encode(JsonValue value) {
    ByteSink sink = new ByteSink(256);
    write(value, sink);
    return sink.toByteArray();
  }

  /** Parses strict JSON under {@link JsonLimits#DEFAULT}. */
  public static JsonValue parse(byte[] json) throws MalformedMetadataException, TooLargeException {
    return parse(json, JsonLimits.DEFAULT);
  }

  /**
   * Parses one strict JSON value from {@code json}.
   *
   * @throws TooLargeException when the input is longer than {@code limits.maxBytes()}
   * @throws MalformedMetadataException for anything that is not strict JSON with a canonical form
   */
  public static JsonValue parse(byte[] json, JsonLimits limits)
      throws MalformedMetadataException, TooLargeException {
    if (json.length > limits.maxBytes()) {
      throw new TooLargeException("JSON input of " + json.length + " bytes", limits.maxBytes());
    }
    if (limits.maxDepth() > MAX_SUPPORTED_DEPTH) {
      throw new IllegalArgumentException("maxDepth above " + MAX_SUPPORTED_DEPTH);
    }
    java.nio.CharBuffer text = decodeUtf8(json);
    try (JsonParser parser = FACTORY.createParser(text.array(), text.arrayOffset(),
        text.remaining())) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw new MalformedMetadataException(Reason.SYNTAX, "empty JSON input");
      }
      JsonValue value = new Reader(parser, limits).read(first, 1);
      JsonToken trailing = parser.nextToken();
      if (trailing != null) {
        throw new MalformedMetadataException(Reason.SYNTAX,
            "trailing content after the JSON value at " + location(parser));
      }
      return value;
    } catch (StreamConstraintsException e) {
      throw new MalformedMetadataException(Reason.SYNTAX, "JSON limit exceeded: "
          + e.getOriginalMessage(), e);
    } catch (InputCoercionException e) {
      throw new MalformedMetadataException(Reason.INTEGER_OUT_OF_RANGE,
          "integer outside the 64-bit range", e);
    } catch (JsonParseException e) {
      throw new MalformedMetadataException(Reason.SYNTAX, "invalid JSON: " + e.getOriginalMessage()
          + " at " + location(parser(e)), e);
    } catch (IOException e) {
      // Only parse errors can occur on an in-memory source.
      throw new MalformedMetadataException(Reason.SYNTAX, "invalid JSON: " + e.getMessage(), e);
    }
  }

  /** True when {@code s} has no unpaired surrogate, so it has exactly one UTF-8 encoding. */
  public static boolean isWellFormedUnicode(String s) {
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
        } else {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * JSON must be well-formed UTF-8 here: no BOM, no UTF-16/32 (which Jackson would otherwise
   * auto-detect), no invalid sequences (which Jackson does not check inside strings).
   */
  private static java.nio.CharBuffer decodeUtf8(byte[] json) throws MalformedMetadataException {
    if (json.length >= 3 && (json[0] & 0xff) == 0xEF && (json[1] & 0xff) == 0xBB
        && (json[2] & 0xff) == 0xBF) {
      throw new MalformedMetadataException(Reason.SYNTAX, "JSON input starts with a byte order mark");
    }
    try {
      // Decoded here, not by Jackson: Jackson guesses UTF-16/32 from NUL bytes and does not
      // validate UTF-8 inside strings.
      return java.nio.charset.StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
          .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(json));
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new MalformedMetadataException(Reason.SYNTAX, "JSON input is not valid UTF-8", e);
    }
  }

  private static JsonParser parser(JsonParseException e) {
    return e.getProcessor();
  }

  private static String location(JsonParser parser) {
    if (parser == null) {
      return "unknown offset";
    }
    return "character offset " + parser.currentLocation().getCharOffset();
  }

  /** Builds the immutable tree from the token stream, enforcing the limits as it goes. */
  private static final class Reader {
    private final JsonParser parser;
    private final JsonLimits limits;

    Reader(JsonParser parser, JsonLimits limits) {
      this.parser = parser;
      this.limits = limits;
    }

    JsonValue read(JsonToken token, int depth) throws IOException, MalformedMetadataException {
      switch (token) {
        case START_OBJECT:
          checkDepth(depth);
          return readObject(depth);
        case START_ARRAY:
          checkDepth(depth);
          return readArray(depth);
        case VALUE_STRING:
          return new JsonString(checkedText("string"));
        case VALUE_NUMBER_INT:
          if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            throw new MalformedMetadataException(Reason.INTEGER_OUT_OF_RANGE,
                "integer outside the 64-bit range at " + location(parser));
          }
          return new JsonNumber(parser.getLongValue());
        case VALUE_NUMBER_FLOAT:
          throw new MalformedMetadataException(Reason.NOT_AN_INTEGER, "number "
              + abbreviate(parser.getText()) + " is not an integer (canonical JSON has integers"
              + " only) at " + location(parser));
        case VALUE_TRUE:
          return JsonBoolean.TRUE;
        case VALUE_FALSE:
          return JsonBoolean.FALSE;
        case VALUE_NULL:
          return JsonNull.INSTANCE;
        default:
          throw new MalformedMetadataException(Reason.SYNTAX, "unexpected JSON token " + token
              + " at " + location(parser));
      }
    }

    private JsonObject readObject(int depth) throws IOException, MalformedMetadataException {
      Map<String, JsonValue> members = new HashMap<>();
      JsonToken token;
      while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
        String name = checkedText("member name");
        JsonValue value = read(parser.nextToken(), depth + 1);
        if (members.putIfAbsent(name, value) != null) {
          throw new MalformedMetadataException(Reason.DUPLICATE_KEY, "duplicate member name \""
              + abbreviate(name) + "\" in a JSON object at " + location(parser));
        }
      }
      expectEnd(token, JsonToken.END_OBJECT);
      return new JsonObject(members);
    }

    private JsonArray readArray(int depth) throws IOException, MalformedMetadataException {
      List<JsonValue> elements = new ArrayList<>();
      JsonToken token;
      while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
        if (token == null) {
          expectEnd(null, JsonToken.END_ARRAY);
        }
        elements.add(read(token, depth + 1));
      }
      return new JsonArray(elements);
    }

    private void expectEnd(JsonToken token, JsonToken expected) throws MalformedMetadataException {
      if (token != expected) {
        throw new MalformedMetadataException(Reason.SYNTAX, "truncated JSON: expected " + expected
            + " at " + location(parser));
      }
    }

    private void checkDepth(int depth) throws MalformedMetadataException {
      if (depth > limits.maxDepth()) {
        throw new MalformedMetadataException(Reason.TOO_DEEP, "JSON nesting deeper than "
            + limits.maxDepth() + " at " + location(parser));
      }
    }

    private String checkedText(String what) throws IOException, MalformedMetadataException {
      String text = parser.getText();
      if (text.length() > limits.maxStringLength()) {
        throw new MalformedMetadataException(Reason.STRING_TOO_LONG, what + " of " + text.length()
            + " chars is longer than the limit of " + limits.maxStringLength() + " at "
            + location(parser));
      }
      if (!isWellFormedUnicode(text)) {
        throw new MalformedMetadataException(Reason.SYNTAX, what
            + " contains an unpaired UTF-16 surrogate escape at " + location(parser));
      }
      return text;
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }

  // ---- writer ----

  static void write(JsonValue value, ByteSink out) {
    if (value instanceof JsonObject o) {
      out.write('{');
      boolean first = true;
      for (Map.Entry<String, JsonValue> e : o.members().entrySet()) { // already in KEY_ORDER
        if (!first) {
          out.write(',');
        }
        first = false;
        writeString(e.getKey(), out);
        out.write(':');
        write(e.getValue(), out);
      }
      out.write('}');
    } else if (value instanceof JsonArray a) {
      out.write('[');
      List<JsonValue> elements = a.elements();
      for (int i = 0; i < elements.size(); i++) {
        if (i > 0) {
          out.write(',');
        }
        write(elements.get(i), out);
      }
      out.write(']');
    } else if (value instanceof JsonString s) {
      writeString(s.value(), out);
    } else if (value instanceof JsonNumber n) {
      out.writeAscii(Long.toString(n.value()));
    } else if (value instanceof JsonBoolean b) {
      out.writeAscii(b.value() ? "true" : "false");
    } else {
      out.writeAscii("null");
    }
  }

  private static void writeString(String s, ByteSink out) {
    out.write('"');
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        out.write('\\');
        out.write(c);
      } else if (c < 0x80) {
        out.write(c);
      } else if (c < 0x800) {
        out.write(0xC0 | (c >> 6));
        out.write(0x80 | (c & 0x3F));
      } else if (Character.isHighSurrogate(c)) {
        int cp = Character.toCodePoint(c, s.charAt(++i)); // well-formed: JsonString checks
        out.write(0xF0 | (cp >> 18));
        out.write(0x80 | ((cp >> 12) & 0x3F));
        out.write(0x80 | ((cp >> 6) & 0x3F));
        out.write(0x80 | (cp & 0x3F));
      } else {
        out.write(0xE0 | (c >> 12));
        out.write(0x80 | ((c >> 6) & 0x3F));
        out.write(0x80 | (c & 0x3F));
      }
    }
    out.write('"');
  }

  /** Code point order on UTF-16 strings: String.compareTo is wrong once surrogates appear. */
  private static int compareCodePoints(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      char x = a.charAt(i);
      char y = b.charAt(i);
      if (x != y) {
        return Integer.compare(codePointRank(x), codePointRank(y));
      }
    }
    return Integer.compare(a.length(), b.length());
  }

  /** Moves surrogates above U+E000..U+FFFF, as the code points they encode are. */
  private static int codePointRank(char c) {
    if (c < 0xD800) {
      return c;
    }
    return c >= 0xE000 ? c - 0x800 : c + 0x2000;
  }

  /** Growable byte buffer without the synchronisation of ByteArrayOutputStream. */
  static final class ByteSink {
    private byte[] buf;
    private int size;

    ByteSink(int capacity) {
      buf = new byte[capacity];
    }

    void write(int b) {
      if (size == buf.length) {
        grow(1);
      }
      buf[size++] = (byte) b;
    }

    void writeAscii(String s) {
      int n = s.length();
      if (size + n > buf.length) {
        grow(n);
      }
      for (int i = 0; i < n; i++) {
        buf[size++] = (byte) s.charAt(i);
      }
    }

    private void grow(int needed) {
      long capacity = Math.max((long) buf.length * 2, (long) size + needed);
      if (capacity > Integer.MAX_VALUE - 8) {
        throw new IllegalStateException("canonical JSON larger than 2 GiB");
      }
      buf = java.util.Arrays.copyOf(buf, (int) capacity);
    }

    byte[] toByteArray() {
      return java.util.Arrays.copyOf(buf, size);
    }
  }
}
