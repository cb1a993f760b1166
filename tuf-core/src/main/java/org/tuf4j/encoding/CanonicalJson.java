package org.tuf4j.encoding;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.tuf4j.MalformedMetadataException;
import org.tuf4j.TooLargeException;
import org.tuf4j.encoding.JsonValue.JsonArray;
import org.tuf4j.encoding.JsonValue.JsonBoolean;
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
 * refused with {@link TooLargeException} before it is looked at. {@link JsonReader} is the same
 * parser as a pull reader, for documents too large to hold as one tree.
 */
public final class CanonicalJson {

  /** Deepest nesting a caller may allow; keeps the recursive tree builder off the stack limit. */
  public static final int MAX_SUPPORTED_DEPTH = 512;

  /** Object member order of canonical JSON: by Unicode code point (= UTF-8 byte order). */
  public static final Comparator<String> KEY_ORDER = CanonicalJson::compareCodePoints;

  private CanonicalJson() {}

  /**
   * The canonical encoding of {@code value}: the exact bytes a TUF signature covers.
   *
   * @param value the value to encode
   * @return the canonical JSON bytes, UTF-8
   */
  public static byte[] encode(JsonValue value) {
    ByteSink sink = new ByteSink(256);
    write(value, sink, false);
    return sink.toByteArray();
  }

  /**
   * The form ota-tuf based Uptane servers sign instead of canonical JSON (read by {@link
   * org.tuf4j.metadata.MetadataDialect#AKTUALIZR}): as {@link #encode}, except that control
   * characters (below U+0020) in strings are written as JSON escapes (backslash and {@code b f n
   * r t}, or backslash, {@code u} and four lower-case hex digits) — what a standard JSON printer
   * with sorted members and no whitespace writes. Both forms are injective, and they differ only
   * for strings with control characters, such as PEM keys.
   *
   * @param value the value to encode
   * @return the JSON bytes, UTF-8
   */
  public static byte[] encodeEscapingControls(JsonValue value) {
    ByteSink sink = new ByteSink(256);
    write(value, sink, true);
    return sink.toByteArray();
  }

  /**
   * A metadata file as written to disk or sent: the canonical encoding with control characters
   * escaped ({@link #encodeEscapingControls}), so that every standard JSON parser reads it (RFC
   * 8259 §7 forbids raw control characters in strings), while the canonical form a signature
   * covers is recovered from it exactly by {@link #unescapeControls}. This is what python-tuf
   * and go-tuf write too.
   *
   * @param value the metadata file's value
   * @return the bytes to write
   */
  public static byte[] encodeForFile(JsonValue value) {
    return encodeEscapingControls(value);
  }

  /**
   * The canonical encoding of the JSON value in {@code json[offset, offset + length)}, given
   * that its only departures from canonical form are escaped control characters (as {@link
   * JsonReader#controlEscapes()} tells): each escape of U+0000 to U+001F is written as the raw
   * character, everything else is copied. Linear, and no tree is built.
   *
   * @param json the array holding the JSON text
   * @param offset where the value starts in {@code json}
   * @param length the value's length in bytes
   * @return the canonical bytes of the value
   * @throws IllegalArgumentException if the range holds any other escape than those and {@code
   *     \"} or {@code \\} (the caller's precondition does not hold)
   */
  public static byte[] unescapeControls(byte[] json, int offset, int length) {
    byte[] out = new byte[length];
    int n = 0;
    int end = offset + length;
    int runStart = offset;
    for (int p = offset; p < end; p++) {
      if (json[p] != '\\') {
        continue;
      }
      byte e = json[p + 1];
      if (e == '"' || e == '\\') {
        p++;
        continue;
      }
      System.arraycopy(json, runStart, out, n, p - runStart);
      n += p - runStart;
      int c = switch (e) {
        case 'b' -> '\b';
        case 'f' -> '\f';
        case 'n' -> '\n';
        case 'r' -> '\r';
        case 't' -> '\t';
        case 'u' -> Integer.parseInt(new String(json, p + 2, 4, US_ASCII), 16);
        default -> -1;
      };
      if (c < 0 || c >= 0x20) {
        throw new IllegalArgumentException("not a control character escape at offset " + p);
      }
      out[n++] = (byte) c;
      p += e == 'u' ? 5 : 1;
      runStart = p + 1;
    }
    System.arraycopy(json, runStart, out, n, end - runStart);
    n += end - runStart;
    return n == length ? out : Arrays.copyOf(out, n);
  }

  /**
   * Parses strict JSON under {@link JsonLimits#DEFAULT}.
   *
   * @param json the input, UTF-8
   * @return the parsed value
   * @throws MalformedMetadataException for anything that is not strict JSON with a canonical form
   * @throws TooLargeException when the input exceeds the default byte bound
   */
  public static JsonValue parse(byte[] json) throws MalformedMetadataException, TooLargeException {
    return parse(json, JsonLimits.DEFAULT);
  }

  /**
   * Parses one strict JSON value from {@code json}.
   *
   * @param json the input, UTF-8
   * @param limits the size, depth and string length bounds
   * @return the parsed value
   * @throws TooLargeException when the input is longer than {@code limits.maxBytes()}
   * @throws MalformedMetadataException for anything that is not strict JSON with a canonical form
   */
  public static JsonValue parse(byte[] json, JsonLimits limits)
      throws MalformedMetadataException, TooLargeException {
    JsonReader reader = JsonReader.of(json, limits);
    reader.next();
    JsonValue value = reader.readValue();
    reader.next(); // END_DOCUMENT, or trailing content
    return value;
  }

  /**
   * True when {@code s} has no unpaired surrogate, so it has exactly one UTF-8 encoding.
   *
   * @param s the string to check
   * @return true when every surrogate in {@code s} is part of a pair
   */
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

  // ---- writer ----

  static void write(JsonValue value, ByteSink out, boolean escapeControls) {
    if (value instanceof JsonObject o) {
      out.write('{');
      boolean first = true;
      for (Map.Entry<String, JsonValue> e : o.members().entrySet()) { // already in KEY_ORDER
        if (!first) {
          out.write(',');
        }
        first = false;
        writeString(e.getKey(), out, escapeControls);
        out.write(':');
        write(e.getValue(), out, escapeControls);
      }
      out.write('}');
    } else if (value instanceof JsonArray a) {
      out.write('[');
      List<JsonValue> elements = a.elements();
      for (int i = 0; i < elements.size(); i++) {
        if (i > 0) {
          out.write(',');
        }
        write(elements.get(i), out, escapeControls);
      }
      out.write(']');
    } else if (value instanceof JsonString s) {
      writeString(s.value(), out, escapeControls);
    } else if (value instanceof JsonNumber n) {
      out.writeAscii(Long.toString(n.value()));
    } else if (value instanceof JsonBoolean b) {
      out.writeAscii(b.value() ? "true" : "false");
    } else {
      out.writeAscii("null");
    }
  }

  private static void writeString(String s, ByteSink out, boolean escapeControls) {
    int n = s.length();
    // At most 6 bytes per char (a \\u escape; UTF-8 needs 3, or 4 for a pair of chars), quotes.
    out.ensure((escapeControls ? 6L : 3L) * n + 2);
    byte[] buf = out.buf;
    int at = out.size;
    buf[at++] = '"';
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        if (c < 0x20 && escapeControls) {
          String escape = CONTROL_ESCAPES[c];
          for (int k = 0; k < escape.length(); k++) {
            buf[at++] = (byte) escape.charAt(k);
          }
          continue;
        }
        if (c == '"' || c == '\\') {
          buf[at++] = '\\';
        }
        buf[at++] = (byte) c;
      } else if (c < 0x800) {
        buf[at++] = (byte) (0xC0 | (c >> 6));
        buf[at++] = (byte) (0x80 | (c & 0x3F));
      } else if (Character.isHighSurrogate(c)) {
        int cp = Character.toCodePoint(c, s.charAt(++i)); // well-formed: JsonString checks
        buf[at++] = (byte) (0xF0 | (cp >> 18));
        buf[at++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
        buf[at++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
        buf[at++] = (byte) (0x80 | (cp & 0x3F));
      } else {
        buf[at++] = (byte) (0xE0 | (c >> 12));
        buf[at++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        buf[at++] = (byte) (0x80 | (c & 0x3F));
      }
    }
    buf[at++] = '"';
    out.size = at;
  }

  private static final String[] CONTROL_ESCAPES = new String[0x20];

  static {
    // Not String.format: loading java.util.Formatter is ~10 ms of every cold process.
    for (int c = 0; c < 0x20; c++) {
      CONTROL_ESCAPES[c] = "\\u00" + Character.forDigit(c >> 4, 16)
          + Character.forDigit(c & 0xf, 16);
    }
    CONTROL_ESCAPES['\b'] = "\\b";
    CONTROL_ESCAPES['\f'] = "\\f";
    CONTROL_ESCAPES['\n'] = "\\n";
    CONTROL_ESCAPES['\r'] = "\\r";
    CONTROL_ESCAPES['\t'] = "\\t";
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
    byte[] buf;
    int size;

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

    /** Room for {@code needed} more bytes. */
    void ensure(long needed) {
      if (size + needed > buf.length) {
        if (size + needed > Integer.MAX_VALUE - 8) {
          throw new IllegalStateException("canonical JSON larger than 2 GiB");
        }
        grow((int) needed);
      }
    }

    private void grow(int needed) {
      long capacity = Math.max((long) buf.length * 2, (long) size + needed);
      if (capacity > Integer.MAX_VALUE - 8) {
        throw new IllegalStateException("canonical JSON larger than 2 GiB");
      }
      buf = Arrays.copyOf(buf, (int) capacity);
    }

    byte[] toByteArray() {
      return Arrays.copyOf(buf, size);
    }
  }
}
