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
 * An independent, lenient CBOR decoder for tests: Jackson's CBORParser, which accepts any
 * well-formed encoding (longer arguments, indefinite lengths, any key order). Tests use it to
 * show that what tuf4j refuses as non-deterministic is nevertheless the same value.
 */
public final class JacksonCborReader {
  private JacksonCborReader() {}

  /** The one data item in {@code cbor}, as Jackson's CBORParser reads it. */
  public static JsonValue read(byte[] cbor) throws IOException {
    try (JsonParser p = new CBORFactory().createParser(cbor)) {
      JsonValue v = read(p, p.nextToken());
      if (p.nextToken() != null) {
        throw new IOException("more than one data item");
      }
      return v;
    }
  }

  private static JsonValue read(JsonParser p, JsonToken t) throws IOException {
    switch (t) {
      case START_OBJECT: {
        Map<String, JsonValue> m = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          m.put(name, read(p, p.nextToken()));
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
