package org.tuf4j.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.tuf4j.encoding.JsonValue;
import org.tuf4j.encoding.JsonValue.JsonArray;
import org.tuf4j.encoding.JsonValue.JsonBoolean;
import org.tuf4j.encoding.JsonValue.JsonNumber;
import org.tuf4j.encoding.JsonValue.JsonObject;
import org.tuf4j.encoding.JsonValue.JsonString;

/**
 * Valid CBOR for a value that takes, with the given percent chance at each choice, a
 * non-deterministic option RFC 8949 allows: a longer argument, an indefinite length (with the
 * string split into chunks), a shuffled key order. At 0% for all three it writes the
 * deterministic encoding (RFC 8949 §4.2.1). One instance encodes one value.
 */
public final class LaxCborEncoder {
  private final Random random;
  private final int longerArguments;
  private final int indefiniteLengths;
  private final int shuffledKeys;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  public LaxCborEncoder(Random random, int longerArguments, int indefiniteLengths,
      int shuffledKeys) {
    this.random = random;
    this.longerArguments = longerArguments;
    this.indefiniteLengths = indefiniteLengths;
    this.shuffledKeys = shuffledKeys;
  }

  public byte[] encode(JsonValue v) {
    write(v);
    return out.toByteArray();
  }

  private boolean chance(int percent) {
    return random.nextInt(100) < percent;
  }

  private void write(JsonValue v) {
    if (v instanceof JsonObject o) {
      List<Map.Entry<String, JsonValue>> entries = new ArrayList<>(o.members().entrySet());
      entries.sort((x, y) -> {
        byte[] a = x.getKey().getBytes(UTF_8);
        byte[] b = y.getKey().getBytes(UTF_8);
        return a.length != b.length ? Integer.compare(a.length, b.length)
            : Arrays.compareUnsigned(a, b);
      });
      if (chance(shuffledKeys)) {
        Collections.shuffle(entries, random);
      }
      boolean indefinite = chance(indefiniteLengths);
      if (indefinite) {
        out.write(0xbf);
      } else {
        header(5, entries.size());
      }
      for (Map.Entry<String, JsonValue> e : entries) {
        text(e.getKey());
        write(e.getValue());
      }
      if (indefinite) {
        out.write(0xff);
      }
    } else if (v instanceof JsonArray a) {
      boolean indefinite = chance(indefiniteLengths);
      if (indefinite) {
        out.write(0x9f);
      } else {
        header(4, a.elements().size());
      }
      a.elements().forEach(this::write);
      if (indefinite) {
        out.write(0xff);
      }
    } else if (v instanceof JsonString s) {
      text(s.value());
    } else if (v instanceof JsonNumber n) {
      long x = n.value();
      if (x >= 0) {
        header(0, x);
      } else {
        header(1, ~x); // -1 - x
      }
    } else if (v instanceof JsonBoolean b) {
      out.write(b.value() ? 0xf5 : 0xf4);
    } else {
      out.write(0xf6);
    }
  }

  private void text(String s) {
    if (!chance(indefiniteLengths)) {
      chunk(s);
      return;
    }
    out.write(0x7f);
    int cut = s.isEmpty() ? 0 : s.offsetByCodePoints(0,
        random.nextInt(s.codePointCount(0, s.length()) + 1));
    chunk(s.substring(0, cut)); // chunks are whole characters (§3.2.3)
    chunk(s.substring(cut));
    out.write(0xff);
  }

  private void chunk(String s) {
    byte[] utf8 = s.getBytes(UTF_8);
    header(3, utf8.length);
    out.write(utf8, 0, utf8.length);
  }

  private void header(int major, long arg) {
    int minimal = Long.compareUnsigned(arg, 24) < 0 ? 0
        : Long.compareUnsigned(arg, 0x100) < 0 ? 1
        : Long.compareUnsigned(arg, 0x10000) < 0 ? 2
        : Long.compareUnsigned(arg, 0x100000000L) < 0 ? 3 : 4;
    int width = chance(longerArguments) ? minimal + random.nextInt(5 - minimal) : minimal;
    if (width == 0) {
      out.write((major << 5) | (int) arg);
      return;
    }
    int bytes = 1 << (width - 1); // 1, 2, 4, 8
    out.write((major << 5) | (23 + width));
    for (int k = bytes - 1; k >= 0; k--) {
      out.write((int) (arg >>> (8 * k)));
    }
  }
}
