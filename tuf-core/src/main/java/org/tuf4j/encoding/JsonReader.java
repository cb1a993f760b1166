package org.tuf4j.encoding;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.tuf4j.MalformedMetadataException;
import org.tuf4j.MalformedMetadataException.Reason;
import org.tuf4j.TooLargeException;
import org.tuf4j.encoding.JsonValue.JsonArray;
import org.tuf4j.encoding.JsonValue.JsonBoolean;
import org.tuf4j.encoding.JsonValue.JsonNull;
import org.tuf4j.encoding.JsonValue.JsonNumber;
import org.tuf4j.encoding.JsonValue.JsonString;

/**
 * A strict pull reader over JSON in UTF-8 (TUF spec §4.1 "Metaformat"): the parser behind
 * {@link CanonicalJson#parse}, for callers that read large documents without building a tree
 * for all of them.
 *
 * <p>It enforces, token by token, every rule of {@link CanonicalJson#parse}: RFC 8259 syntax,
 * well-formed UTF-8 (no byte order mark, no overlong forms, no encoded surrogates), no unpaired
 * surrogate escapes, integers only and within 64 bits, unique member names, and the nesting and
 * string-length bounds of its {@link JsonLimits}. Raw control characters inside strings are
 * accepted because canonical JSON writes them raw. Work is linear in the input; scanning a value
 * allocates nothing unless its text is asked for.
 *
 * <p>It also reports where the input departs from canonical form (insignificant whitespace,
 * escapes other than {@code \"} and {@code \\}, {@code -0}, members out of order): when {@link
 * #deviations()} does not change across a value, that value's bytes ({@link #tokenStart()} of
 * its first token to {@link #tokenEnd()} of its last) are exactly its canonical encoding, so a
 * signature can be checked over the received bytes without re-encoding them. Escaped control
 * characters, which standard JSON requires (RFC 8259 §7) and canonical JSON writes raw, are also
 * counted by {@link #controlEscapes()}: a value whose only departures are those escapes has the
 * canonical form {@link CanonicalJson#unescapeControls}, a copy without re-encoding.
 *
 * <p>Instances are single-use and not thread-safe; the array must not change while it is read.
 */
public final class JsonReader {

  /** What {@link #next()} found. */
  public enum Token {
    /** The start of an object. */
    BEGIN_OBJECT,
    /** The end of the current object. */
    END_OBJECT,
    /** The start of an array. */
    BEGIN_ARRAY,
    /** The end of the current array. */
    END_ARRAY,
    /** An object member's name; the member's value is the next token. */
    NAME,
    /** A string value; {@link JsonReader#string()} decodes it. */
    STRING,
    /** An integer value; {@link JsonReader#number()} reads it. */
    NUMBER,
    /** The literal {@code true}. */
    TRUE,
    /** The literal {@code false}. */
    FALSE,
    /** The literal {@code null}. */
    NULL,
    /** The end of the input, after exactly one top-level value. */
    END_DOCUMENT
  }

  /** What may come next, given the enclosing container and what was read last. */
  private enum State {
    TOP, AFTER_TOP, OBJECT_FIRST, OBJECT_NAME, OBJECT_COLON, OBJECT_AFTER_VALUE, ARRAY_FIRST,
    ARRAY_VALUE, ARRAY_AFTER_VALUE
  }

  private final byte[] buf;
  private final int limit;
  private final JsonLimits limits;
  private int pos;
  private State state = State.TOP;
  private long deviations;
  private long controlEscapes;

  private Token token;
  private int tokenStart;
  private int tokenEnd;
  private boolean stringEscaped;
  private long number;

  // One frame per open container; depth 0 is outside every container.
  private int depth;
  private boolean[] isObject = new boolean[8];
  private int[] objectStart = new int[8];
  private Frame[] frames = new Frame[8];

  private JsonReader(byte[] buf, int offset, int length, JsonLimits limits) {
    this.buf = buf;
    this.pos = offset;
    this.limit = offset + length;
    this.limits = limits;
  }

  /**
   * A reader over all of {@code json}.
   *
   * @param json the input, UTF-8; it must not change while it is read
   * @param limits the size, depth and string length bounds
   * @return a reader positioned before the first token
   * @throws TooLargeException when {@code json} is longer than {@code limits.maxBytes()}
   * @throws MalformedMetadataException when the input starts with a UTF-8 byte order mark
   */
  public static JsonReader of(byte[] json, JsonLimits limits)
      throws TooLargeException, MalformedMetadataException {
    return of(json, 0, json.length, limits);
  }

  /**
   * A reader over {@code json[offset, offset + length)}; offsets it reports are indexes into
   * {@code json}.
   *
   * @param json the array holding the input, UTF-8; it must not change while it is read
   * @param offset where the input starts
   * @param length the input's length in bytes
   * @param limits the size, depth and string length bounds
   * @return a reader positioned before the first token
   * @throws TooLargeException when {@code length} exceeds {@code limits.maxBytes()}
   * @throws MalformedMetadataException when the input starts with a UTF-8 byte order mark
   */
  public static JsonReader of(byte[] json, int offset, int length, JsonLimits limits)
      throws TooLargeException, MalformedMetadataException {
    Objects.checkFromIndexSize(offset, length, json.length);
    Objects.requireNonNull(limits, "limits");
    if (length > limits.maxBytes()) {
      throw new TooLargeException("JSON input of " + length + " bytes", limits.maxBytes());
    }
    if (limits.maxDepth() > CanonicalJson.MAX_SUPPORTED_DEPTH) {
      throw new IllegalArgumentException("maxDepth above " + CanonicalJson.MAX_SUPPORTED_DEPTH);
    }
    if (length >= 3 && (json[offset] & 0xff) == 0xEF && (json[offset + 1] & 0xff) == 0xBB
        && (json[offset + 2] & 0xff) == 0xBF) {
      throw new MalformedMetadataException(Reason.SYNTAX,
          "JSON input starts with a byte order mark");
    }
    return new JsonReader(json, offset, length, limits);
  }

  // ---- the current token ----

  /**
   * The token {@link #next()} returned last.
   *
   * @return the current token
   */
  public Token token() {
    return token;
  }

  /**
   * Index of the current token's first byte (the opening quote of a string or name).
   *
   * @return an index into the input array
   */
  public int tokenStart() {
    return tokenStart;
  }

  /**
   * Index just past the current token's last byte.
   *
   * @return an index into the input array
   */
  public int tokenEnd() {
    return tokenEnd;
  }

  /**
   * Nesting depth after the current token: 1 inside the top-level object or array.
   *
   * @return the depth, 0 at the top level
   */
  public int depth() {
    return depth;
  }

  /**
   * How many departures from canonical form were seen so far. A value read between two equal
   * counts is in canonical form, byte for byte.
   *
   * @return the number of deviations so far
   */
  public long deviations() {
    return deviations;
  }

  /**
   * How many of the {@link #deviations()} so far were escaped control characters (U+0000 to
   * U+001F written as {@code \b \f \n \r \t} or as a backslash-u escape). A value read while
   * both counts grow by the same amount is canonical once those escapes are written raw: see
   * {@link CanonicalJson#unescapeControls}.
   *
   * @return the number of escaped control characters so far
   */
  public long controlEscapes() {
    return controlEscapes;
  }

  /**
   * The decoded text of the current {@link Token#STRING} or {@link Token#NAME}.
   *
   * @return the string, unescaped
   */
  public String string() {
    requireToken(Token.STRING, Token.NAME);
    return decode(tokenStart, tokenEnd, stringEscaped);
  }

  /**
   * Whether the current string or name is exactly {@code ascii}, without allocating (for
   * matching known member names).
   *
   * @param ascii the ASCII text to compare with
   * @return true when the decoded string equals {@code ascii}
   */
  public boolean stringEquals(String ascii) {
    requireToken(Token.STRING, Token.NAME);
    if (stringEscaped) {
      return string().equals(ascii);
    }
    int n = tokenEnd - tokenStart - 2;
    if (n != ascii.length()) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      if (buf[tokenStart + 1 + i] != ascii.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The value of the current {@link Token#NUMBER}.
   *
   * @return the integer
   */
  public long number() {
    requireToken(Token.NUMBER, Token.NUMBER);
    return number;
  }

  private void requireToken(Token a, Token b) {
    if (token != a && token != b) {
      throw new IllegalStateException("current token is " + token + ", not " + a);
    }
  }

  // ---- reading ----

  /**
   * Advances to the next token, checking every rule on the way.
   *
   * @return the new current token
   * @throws MalformedMetadataException at the first byte that breaks a rule, naming its offset
   */
  public Token next() throws MalformedMetadataException {
    switch (state) {
      case TOP -> {
        skipWhitespace();
        return value();
      }
      case AFTER_TOP -> {
        skipWhitespace();
        if (pos < limit) {
          throw syntax("trailing content after the JSON value");
        }
        tokenStart = tokenEnd = pos;
        return token = Token.END_DOCUMENT;
      }
      case OBJECT_FIRST -> {
        skipWhitespace();
        return peek() == '}' ? endContainer(Token.END_OBJECT) : name();
      }
      case OBJECT_NAME -> {
        skipWhitespace();
        return name();
      }
      case OBJECT_COLON -> {
        skipWhitespace();
        if (peek() != ':') {
          throw syntax("expected ':' after a member name");
        }
        pos++;
        skipWhitespace();
        return value();
      }
      case OBJECT_AFTER_VALUE -> {
        skipWhitespace();
        int c = peek();
        if (c == ',') {
          pos++;
          skipWhitespace();
          return name();
        }
        if (c == '}') {
          return endContainer(Token.END_OBJECT);
        }
        throw syntax(c < 0 ? "truncated JSON: expected ',' or '}'" : "expected ',' or '}'");
      }
      case ARRAY_FIRST -> {
        skipWhitespace();
        return peek() == ']' ? endContainer(Token.END_ARRAY) : value();
      }
      case ARRAY_VALUE -> {
        skipWhitespace();
        return value();
      }
      case ARRAY_AFTER_VALUE -> {
        skipWhitespace();
        int c = peek();
        if (c == ',') {
          pos++;
          skipWhitespace();
          return value();
        }
        if (c == ']') {
          return endContainer(Token.END_ARRAY);
        }
        throw syntax(c < 0 ? "truncated JSON: expected ',' or ']'" : "expected ',' or ']'");
      }
      default -> throw new IllegalStateException(state.toString());
    }
  }

  /**
   * Consumes the rest of the value whose first token is current (all of an object or array),
   * checking every rule as {@link #next()} does.
   *
   * @throws MalformedMetadataException at the first byte that breaks a rule
   */
  public void skipValue() throws MalformedMetadataException {
    if (token == Token.BEGIN_OBJECT || token == Token.BEGIN_ARRAY) {
      int outer = depth - 1;
      while (depth > outer) {
        next();
      }
    } else if (token == Token.NAME || token == Token.END_OBJECT || token == Token.END_ARRAY
        || token == Token.END_DOCUMENT || token == null) {
      throw new IllegalStateException("no value starts at " + token);
    }
  }

  /**
   * Reads the value whose first token is current into a tree.
   *
   * @return the value
   * @throws MalformedMetadataException at the first byte that breaks a rule
   */
  public JsonValue readValue() throws MalformedMetadataException {
    switch (token) {
      case BEGIN_OBJECT -> {
        List<String> names = new ArrayList<>();
        List<JsonValue> values = new ArrayList<>();
        boolean sorted = true;
        while (next() == Token.NAME) {
          names.add(string());
          sorted &= frames[depth].keys == null; // no name out of order so far
          next();
          values.add(readValue());
        }
        return SortedMembers.object(names, values, sorted);
      }
      case BEGIN_ARRAY -> {
        List<JsonValue> elements = new ArrayList<>();
        while (next() != Token.END_ARRAY) {
          elements.add(readValue());
        }
        return new JsonArray(elements);
      }
      case STRING -> {
        return new JsonString(string());
      }
      case NUMBER -> {
        return new JsonNumber(number);
      }
      case TRUE -> {
        return JsonBoolean.TRUE;
      }
      case FALSE -> {
        return JsonBoolean.FALSE;
      }
      case NULL -> {
        return JsonNull.INSTANCE;
      }
      default -> throw new IllegalStateException("no value starts at " + token);
    }
  }

  // ---- scanning ----

  private int peek() {
    return pos < limit ? buf[pos] & 0xff : -1;
  }

  private void skipWhitespace() {
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

  private Token value() throws MalformedMetadataException {
    int c = peek();
    tokenStart = pos;
    switch (c) {
      case '{' -> {
        return beginContainer(true);
      }
      case '[' -> {
        return beginContainer(false);
      }
      case '"' -> {
        scanString();
        afterValue();
        return token = Token.STRING;
      }
      case 't' -> {
        return literal("true", Token.TRUE);
      }
      case 'f' -> {
        return literal("false", Token.FALSE);
      }
      case 'n' -> {
        return literal("null", Token.NULL);
      }
      case -1 -> throw syntax("truncated JSON: expected a value");
      default -> {
        if (c == '-' || (c >= '0' && c <= '9')) {
          scanNumber();
          afterValue();
          return token = Token.NUMBER;
        }
        throw syntax("unexpected character " + describe(c));
      }
    }
  }

  private Token name() throws MalformedMetadataException {
    if (peek() != '"') {
      throw syntax(peek() < 0 ? "truncated JSON: expected a member name"
          : "expected a member name in double quotes");
    }
    tokenStart = pos;
    scanString();
    checkMemberOrder();
    state = State.OBJECT_COLON;
    return token = Token.NAME;
  }

  private Token literal(String word, Token t) throws MalformedMetadataException {
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
    afterValue();
    return token = t;
  }

  private Token beginContainer(boolean object) throws MalformedMetadataException {
    if (depth + 1 > limits.maxDepth()) {
      throw new MalformedMetadataException(Reason.TOO_DEEP, "JSON nesting deeper than "
          + limits.maxDepth() + " at byte offset " + pos);
    }
    depth++;
    if (depth == isObject.length) {
      isObject = Arrays.copyOf(isObject, depth * 2);
      objectStart = Arrays.copyOf(objectStart, depth * 2);
      frames = Arrays.copyOf(frames, depth * 2);
    }
    isObject[depth] = object;
    objectStart[depth] = pos;
    if (frames[depth] != null) {
      frames[depth].reset();
    }
    pos++;
    tokenEnd = pos;
    state = object ? State.OBJECT_FIRST : State.ARRAY_FIRST;
    return token = object ? Token.BEGIN_OBJECT : Token.BEGIN_ARRAY;
  }

  private Token endContainer(Token t) {
    tokenStart = pos;
    pos++;
    tokenEnd = pos;
    depth--;
    afterValue();
    return token = t;
  }

  private void afterValue() {
    if (depth == 0) {
      state = State.AFTER_TOP;
    } else {
      state = isObject[depth] ? State.OBJECT_AFTER_VALUE : State.ARRAY_AFTER_VALUE;
    }
  }

  /**
   * Scans the string starting at the quote at {@code pos}: escapes, UTF-8 and surrogates checked,
   * length in UTF-16 units counted, non-canonical escapes counted as deviations.
   */
  private void scanString() throws MalformedMetadataException {
    int p = pos + 1;
    int chars = 0;
    boolean escaped = false;
    while (true) {
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

  private void scanNumber() throws MalformedMetadataException {
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
          + abbreviate(new String(buf, pos, end - pos, java.nio.charset.StandardCharsets.US_ASCII))
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

  // ---- member names: order and uniqueness ----

  /** Names seen so far in one open object; a set only once they are found out of order. */
  private static final class Frame {
    int lastStart = -1;
    int lastEnd;
    boolean lastEscaped;
    int[] spans = new int[16];
    int count;
    Set<String> keys;

    void reset() {
      lastStart = -1;
      count = 0;
      keys = null;
    }
  }

  /**
   * Canonical order (by code point) is checked against the previous name; while names ascend, a
   * duplicate can only be the previous one. The first name out of order turns on a set of every
   * name in the object, so duplicates are still found in any order.
   */
  private void checkMemberOrder() throws MalformedMetadataException {
    Frame f = frames[depth];
    if (f == null) {
      f = frames[depth] = new Frame();
    }
    int s = tokenStart;
    int e = tokenEnd;
    if (f.keys != null) {
      if (!f.keys.add(decode(s, e, stringEscaped))) {
        throw duplicate(s, e);
      }
    } else if (f.lastStart >= 0) {
      int cmp = compareNames(f.lastStart, f.lastEnd, f.lastEscaped, s, e, stringEscaped);
      if (cmp == 0) {
        throw duplicate(s, e);
      }
      if (cmp > 0) {
        deviations++;
        Set<String> keys = new HashSet<>(f.count * 2 + 2);
        for (int i = 0; i < f.count; i++) {
          keys.add(decode(f.spans[2 * i], f.spans[2 * i + 1], true));
        }
        if (!keys.add(decode(s, e, stringEscaped))) {
          throw duplicate(s, e);
        }
        f.keys = keys;
      }
    }
    if (f.keys == null) {
      if (2 * f.count + 2 > f.spans.length) {
        f.spans = Arrays.copyOf(f.spans, f.spans.length * 2);
      }
      f.spans[2 * f.count] = s;
      f.spans[2 * f.count + 1] = e;
      f.count++;
    }
    f.lastStart = s;
    f.lastEnd = e;
    f.lastEscaped = stringEscaped;
  }

  private int compareNames(int s1, int e1, boolean esc1, int s2, int e2, boolean esc2) {
    if (!esc1 && !esc2) {
      // Raw UTF-8 between the quotes: byte order is code point order.
      return Arrays.compareUnsigned(buf, s1 + 1, e1 - 1, buf, s2 + 1, e2 - 1);
    }
    return CanonicalJson.KEY_ORDER.compare(decode(s1, e1, esc1), decode(s2, e2, esc2));
  }

  private MalformedMetadataException duplicate(int s, int e) {
    return new MalformedMetadataException(Reason.DUPLICATE_KEY, "duplicate member name \""
        + abbreviate(decode(s, e, true)) + "\" in a JSON object at byte offset " + s);
  }

  // ---- decoding ----

  /** Decodes a scanned (so already valid) string token, quotes included in the span. */
  private String decode(int s, int e, boolean escaped) {
    if (!escaped) {
      return new String(buf, s + 1, e - s - 2, java.nio.charset.StandardCharsets.UTF_8);
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
      sb.append(new String(buf, runStart, p - runStart, java.nio.charset.StandardCharsets.UTF_8));
      char c = switch (buf[p + 1]) {
        case 'b' -> '\b';
        case 'f' -> '\f';
        case 'n' -> '\n';
        case 'r' -> '\r';
        case 't' -> '\t';
        case 'u' -> (char) Integer.parseInt(new String(buf, p + 2, 4,
            java.nio.charset.StandardCharsets.US_ASCII), 16);
        default -> (char) buf[p + 1];
      };
      sb.append(c);
      p += buf[p + 1] == 'u' ? 6 : 2;
      runStart = p;
    }
    sb.append(new String(buf, runStart, end - runStart, java.nio.charset.StandardCharsets.UTF_8));
    return sb.toString();
  }

  private MalformedMetadataException syntax(String message) {
    return new MalformedMetadataException(Reason.SYNTAX, "invalid JSON: " + message
        + " at byte offset " + pos);
  }

  private static String describe(int c) {
    return c >= 0x21 && c < 0x7F ? "'" + (char) c + "'" : String.format("0x%02X", c);
  }

  static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }
}
