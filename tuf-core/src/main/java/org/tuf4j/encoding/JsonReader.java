package org.tuf4j.encoding;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
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
 * <p>The bytes of each token are scanned by {@code JsonLexer}, which this class extends; the order
 * and uniqueness of member names are tracked by {@code JsonMemberNames}. This class owns the
 * grammar (RFC 8259 §2 to §5) and the nesting bound.
 *
 * <p>Instances are single-use and not thread-safe; the array must not change while it is read.
 */
public final class JsonReader extends JsonLexer {

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

  private State state = State.TOP;
  private Token token;

  // One frame per open container; depth 0 is outside every container.
  private int depth;
  private boolean[] isObject = new boolean[8];
  private int[] objectStart = new int[8];
  private final JsonMemberNames memberNames;

  private JsonReader(byte[] buf, int offset, int length, JsonLimits limits) {
    super(buf, offset, length, limits);
    this.memberNames = new JsonMemberNames(buf);
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
    skipWhitespace();
    switch (state) {
      case TOP, ARRAY_VALUE -> {
        return value();
      }
      case AFTER_TOP -> {
        return endDocument();
      }
      case OBJECT_FIRST -> {
        return peek() == '}' ? endContainer(Token.END_OBJECT) : name();
      }
      case OBJECT_NAME -> {
        return name();
      }
      case OBJECT_COLON -> {
        return valueAfterColon();
      }
      case OBJECT_AFTER_VALUE -> {
        return afterMember();
      }
      case ARRAY_FIRST -> {
        return peek() == ']' ? endContainer(Token.END_ARRAY) : value();
      }
      case ARRAY_AFTER_VALUE -> {
        return afterElement();
      }
      default -> throw new IllegalStateException(state.toString());
    }
  }

  private Token endDocument() throws MalformedMetadataException {
    if (pos < limit) {
      throw syntax("trailing content after the JSON value");
    }
    tokenStart = tokenEnd = pos;
    return token = Token.END_DOCUMENT;
  }

  private Token valueAfterColon() throws MalformedMetadataException {
    if (peek() != ':') {
      throw syntax("expected ':' after a member name");
    }
    pos++;
    skipWhitespace();
    return value();
  }

  /** After a member's value: the next member's name, or the end of the object. */
  private Token afterMember() throws MalformedMetadataException {
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

  /** After an array element: the next element, or the end of the array. */
  private Token afterElement() throws MalformedMetadataException {
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
          sorted &= memberNames.inOrder(depth); // no name out of order so far
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

  // ---- the grammar ----

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
    if (memberNames.add(depth, tokenStart, tokenEnd, stringEscaped)) {
      deviations++; // the first name out of order in its object
    }
    state = State.OBJECT_COLON;
    return token = Token.NAME;
  }

  private Token literal(String word, Token t) throws MalformedMetadataException {
    scanLiteral(word);
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
    }
    isObject[depth] = object;
    objectStart[depth] = pos;
    memberNames.open(depth);
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
}
