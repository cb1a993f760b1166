package org.tuf4j.encoding;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.tuf4j.MalformedMetadataException;
import org.tuf4j.MalformedMetadataException.Reason;

/**
 * The lexical half of {@link JsonReader}: the bytes of one token at a time, checked against RFC
 * 8259 (TUF spec §4.1 "Metaformat", canonical JSON) and RFC 3629 (well-formed UTF-8, no overlong
 * forms, no encoded surrogates), with escapes, unpaired surrogate escapes, 64-bit integers and the
 * string-length bound of {@link JsonLimits}, counting each departure from canonical form
 * (whitespace, escapes other than {@code \"} and {@code \\}, {@code -0}) as it passes it.
 * {@link JsonReader} adds the grammar, the nesting bound and member-name order on top.
 *
 * <p>The reader extends this class instead of holding one, so that a token is scanned with no
 * call or field load more than when both were one class: the per-byte loops stay in this class,
 * the per-token state machine in the reader.
 */
abstract sealed class JsonLexer permits JsonReader {

  final byte[] buf;
  final int limit;
  final JsonLimits limits;
  int pos;
  long deviations;
  long controlEscapes;

  // What the last scan found.
  int tokenStart;
  int tokenEnd;
  boolean stringEscaped;
  long number;

  JsonLexer(byte[] buf, int offset, int length, JsonLimits limits) {
    this.buf = buf;
    this.pos = offset;
    this.limit = offset + length;
    this.limits = limits;
    this.words = ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN);
  }

  /** {@link #buf} read eight bytes at a time, the first in the low bits. */
  private final ByteBuffer words;

  private static final long ONES = 0x0101010101010101L;
  private static final long HIGH_BITS = 0x8080808080808080L;
  private static final long QUOTES = 0x2222222222222222L;
  private static final long BACKSLASHES = 0x5c5c5c5c5c5c5c5cL;

  /**
   * The high bit of each byte of {@code word} (little-endian) that a string scan must look at: a
   * quote, a backslash, or a byte of a multi-byte UTF-8 sequence; 0 when there is none. Exact for
   * the lowest such byte, which is all the caller uses: {@code (x - ONES) & ~x} flags a zero byte
   * of x, and may flag bytes above one, never below.
   */
  static long specialBytes(long word) {
    long quotes = word ^ QUOTES;
    long backslashes = word ^ BACKSLASHES;
    return ((quotes - ONES) & ~quotes | (backslashes - ONES) & ~backslashes | word) & HIGH_BITS;
  }

  final int peek() {
    return pos < limit ? buf[pos] & 0xff : -1;
  }

  final void skipWhitespace() {
    int p = pos;
    while (p < limit) {
      byte b = buf[p];
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        break;
      }
      p++;
    }
    if (p != pos) {
      deviations++;
      pos = p;
    }
  }

  /** Consumes the literal {@code word} ({@code true}, {@code false} or {@code null}). */
  final void scanLiteral(String word) throws MalformedMetadataException {
    int n = word.length();
    if (limit - pos < n) {
      throw syntax("truncated JSON: expected " + word);
    }
    for (int i = 0; i < n; i++) {
      if (buf[pos + i] != word.charAt(i)) {
        throw syntax("unexpected character " + describe(buf[pos] & 0xff));
      }
    }
    pos += n;
    tokenEnd = pos;
  }

  /**
   * Scans the string starting at the quote at {@code pos}: escapes, UTF-8 and surrogates checked,
   * length in UTF-16 units counted, non-canonical escapes counted as deviations.
   */
  final void scanString() throws MalformedMetadataException {
    int p = pos + 1;
    int chars = 0;
    boolean escaped = false;
    while (true) {
      // Eight plain bytes at a time: most of a metadata file is strings (digests, paths) of
      // ASCII with neither quote nor backslash.
      while (p + 8 <= limit) {
        long special = specialBytes(words.getLong(p));
        if (special != 0) {
          int plain = Long.numberOfTrailingZeros(special) >>> 3;
          p += plain;
          chars += plain;
          break;
        }
        p += 8;
        chars += 8;
      }
      if (p >= limit) {
        throw syntax("truncated JSON: unterminated string");
      }
      int b = buf[p];
      if (b == '"') {
        p++;
        break;
      }
      if (b >= 0) {
        if (b == '\\') {
          escaped = true;
          p = scanEscape(p);
          chars += lastEscapeChars;
        } else {
          p++;
          chars++;
        }
        continue;
      }
      p = scanUtf8(p);
      chars += lastUtf8Chars;
    }
    if (chars > limits.maxStringLength()) {
      throw new MalformedMetadataException(Reason.STRING_TOO_LONG, "string of " + chars
          + " chars is longer than the limit of " + limits.maxStringLength()
          + " at byte offset " + pos);
    }
    stringEscaped = escaped;
    tokenEnd = p;
    pos = p;
  }

  private int lastEscapeChars;
  private int lastUtf8Chars;

  private int scanEscape(int p) throws MalformedMetadataException {
    if (p + 1 >= limit) {
      throw syntax("truncated JSON: unterminated escape");
    }
    int e = buf[p + 1];
    lastEscapeChars = 1;
    switch (e) {
      case '"', '\\' -> {
        return p + 2;
      }
      case '/' -> {
        deviations++;
        return p + 2;
      }
      case 'b', 'f', 'n', 'r', 't' -> {
        deviations++;
        controlEscapes++;
        return p + 2;
      }
      case 'u' -> {
        deviations++;
        int cu = hex4(p + 2);
        if (cu < 0x20) {
          controlEscapes++;
        }
        if (Character.isHighSurrogate((char) cu)) {
          if (p + 7 < limit && buf[p + 6] == '\\' && buf[p + 7] == 'u'
              && Character.isLowSurrogate((char) hex4(p + 8))) {
            lastEscapeChars = 2;
            return p + 12;
          }
          throw syntax("string contains an unpaired UTF-16 surrogate escape");
        }
        if (Character.isLowSurrogate((char) cu)) {
          throw syntax("string contains an unpaired UTF-16 surrogate escape");
        }
        return p + 6;
      }
      default -> throw syntax("invalid escape \\" + describe(e & 0xff) + " in a string");
    }
  }

  private int hex4(int p) throws MalformedMetadataException {
    if (p + 4 > limit) {
      throw syntax("truncated JSON: incomplete \\u escape");
    }
    int v = 0;
    for (int i = 0; i < 4; i++) {
      int d = Character.digit(buf[p + i], 16);
      if (d < 0) {
        throw syntax("invalid \\u escape");
      }
      v = (v << 4) | d;
    }
    return v;
  }

  /** Validates one multi-byte UTF-8 sequence at {@code p} (RFC 3629 §4), returns its end. */
  private int scanUtf8(int p) throws MalformedMetadataException {
    int b0 = buf[p] & 0xff;
    int n;
    int min2 = 0x80;
    int max2 = 0xBF;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
      n = 1;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
      n = 2;
      if (b0 == 0xE0) {
        min2 = 0xA0; // no overlong forms
      } else if (b0 == 0xED) {
        max2 = 0x9F; // no UTF-16 surrogates
      }
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
      n = 3;
      if (b0 == 0xF0) {
        min2 = 0x90;
      } else if (b0 == 0xF4) {
        max2 = 0x8F; // nothing above U+10FFFF
      }
    } else {
      throw notUtf8(p);
    }
    if (p + n >= limit) {
      throw notUtf8(p);
    }
    int b1 = buf[p + 1] & 0xff;
    if (b1 < min2 || b1 > max2) {
      throw notUtf8(p);
    }
    for (int i = 2; i <= n; i++) {
      if ((buf[p + i] & 0xC0) != 0x80) {
        throw notUtf8(p);
      }
    }
    lastUtf8Chars = n == 3 ? 2 : 1;
    return p + n + 1;
  }

  private MalformedMetadataException notUtf8(int p) {
    return new MalformedMetadataException(Reason.SYNTAX,
        "JSON input is not valid UTF-8 at byte offset " + p);
  }

  final void scanNumber() throws MalformedMetadataException {
    int p = pos;
    boolean negative = buf[p] == '-';
    if (negative) {
      p++;
    }
    int digitsStart = p;
    // Accumulated as a negative number so that Long.MIN_VALUE fits.
    long value = 0;
    boolean overflow = false;
    while (p < limit && buf[p] >= '0' && buf[p] <= '9') {
      int d = buf[p] - '0';
      if (value < (Long.MIN_VALUE + d) / 10) {
        overflow = true;
      } else {
        value = value * 10 - d;
      }
      p++;
    }
    int digits = p - digitsStart;
    if (digits == 0) {
      throw syntax("invalid number: no digits");
    }
    if (digits > 1 && buf[digitsStart] == '0') {
      throw syntax("invalid number: leading zeros");
    }
    if (p < limit && (buf[p] == '.' || buf[p] == 'e' || buf[p] == 'E')) {
      int end = p + 1;
      while (end < limit && (Character.isDigit(buf[end]) || buf[end] == '+' || buf[end] == '-'
          || buf[end] == 'e' || buf[end] == 'E' || buf[end] == '.')) {
        end++;
      }
      throw new MalformedMetadataException(Reason.NOT_AN_INTEGER, "number "
          + abbreviate(new String(buf, pos, end - pos, StandardCharsets.US_ASCII))
          + " is not an integer (canonical JSON has integers only) at byte offset " + pos);
    }
    if (overflow || (!negative && value == Long.MIN_VALUE)) {
      throw new MalformedMetadataException(Reason.INTEGER_OUT_OF_RANGE,
          "integer outside the 64-bit range at byte offset " + pos);
    }
    if (negative && value == 0) {
      deviations++; // -0 is written 0
    }
    number = negative ? value : -value;
    tokenEnd = p;
    pos = p;
  }

  /** Decodes a scanned (so already valid) string token, quotes included in the span. */
  final String decode(int s, int e, boolean escaped) {
    return decode(buf, s, e, escaped);
  }

  /** Decodes the scanned string token {@code buf[s, e)}, quotes included. */
  static String decode(byte[] buf, int s, int e, boolean escaped) {
    if (!escaped) {
      return new String(buf, s + 1, e - s - 2, StandardCharsets.UTF_8);
    }
    StringBuilder sb = new StringBuilder(e - s);
    int p = s + 1;
    int end = e - 1;
    int runStart = p;
    while (p < end) {
      if (buf[p] != '\\') {
        p++;
        continue;
      }
      sb.append(new String(buf, runStart, p - runStart, StandardCharsets.UTF_8));
      char c = switch (buf[p + 1]) {
        case 'b' -> '\b';
        case 'f' -> '\f';
        case 'n' -> '\n';
        case 'r' -> '\r';
        case 't' -> '\t';
        case 'u' -> (char) Integer.parseInt(new String(buf, p + 2, 4,
            StandardCharsets.US_ASCII), 16);
        default -> (char) buf[p + 1];
      };
      sb.append(c);
      p += buf[p + 1] == 'u' ? 6 : 2;
      runStart = p;
    }
    sb.append(new String(buf, runStart, end - runStart, StandardCharsets.UTF_8));
    return sb.toString();
  }

  final MalformedMetadataException syntax(String message) {
    return new MalformedMetadataException(Reason.SYNTAX, "invalid JSON: " + message
        + " at byte offset " + pos);
  }

  static String describe(int c) {
    return c >= 0x21 && c < 0x7F ? "'" + (char) c + "'" : String.format("0x%02X", c);
  }

  static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }
}
