package org.tuf4j.testing;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tuf4j.encoding.JsonValue;
import org.tuf4j.encoding.JsonValue.JsonArray;
import org.tuf4j.encoding.JsonValue.JsonBoolean;
import org.tuf4j.encoding.JsonValue.JsonNull;
import org.tuf4j.encoding.JsonValue.JsonNumber;
import org.tuf4j.encoding.JsonValue.JsonObject;
import org.tuf4j.encoding.JsonValue.JsonString;

/**
 * An independent decoder for tests: Jackson's parsers read into the {@link JsonValue} model.
 * Its CBORParser accepts any well-formed encoding (longer arguments, indefinite lengths, any
 * key order): tests use it to show that what tuf4j refuses as non-deterministic is nevertheless
 * the same value. Duplicate member names and integers beyond 64 bits, which the model cannot
 * hold, are errors.
 */
public final class JacksonReader {
  private JacksonReader() {}

  /** The one data item in {@code cbor}, as Jackson's CBORParser reads it. */
  public static JsonValue readCbor(byte[] cbor) throws IOException {
    try (JsonParser p = new CBORFactory().createParser(cbor)) {
      return read(p);
    }
  }

  /** The one value {@code parser} reads; anything after it is an error. */
  public static JsonValue read(JsonParser parser) throws IOException {
    JsonValue v = read(parser, parser.nextToken());
    if (parser.nextToken() != null) {
      throw new IOException("content after the value");
    }
    return v;
  }

  private static JsonValue read(JsonParser p, JsonToken t) throws IOException {
    switch (t) {
      case START_OBJECT: {
        Map<String, JsonValue> m = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          if (m.put(name, read(p, p.nextToken())) != null) {
            throw new IOException("duplicate member " + name);
          }
        }
        return new JsonObject(m);
      }
      case START_ARRAY: {
        List<JsonValue> l = new ArrayList<>();
        JsonToken e;
        while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
          l.add(read(p, e));
        }
        return new JsonArray(l);
      }
      case VALUE_STRING:
        return new JsonString(p.getText());
      case VALUE_NUMBER_INT:
        if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
          throw new IOException("integer beyond 64 bits");
        }
        return new JsonNumber(p.getLongValue());
      case VALUE_TRUE:
        return JsonBoolean.TRUE;
      case VALUE_FALSE:
        return JsonBoolean.FALSE;
      case VALUE_NULL:
        return JsonNull.INSTANCE;
      default:
        throw new IOException("unexpected token " + t);
    }
  }
}
