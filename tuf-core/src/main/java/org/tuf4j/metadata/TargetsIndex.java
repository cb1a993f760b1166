package org.tuf4j.metadata;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import org.tuf4j.MalformedMetadataException;
import org.tuf4j.TufException;
import org.tuf4j.encoding.CanonicalJson;
import org.tuf4j.encoding.JsonLimits;
import org.tuf4j.encoding.JsonReader;
import org.tuf4j.encoding.JsonReader.Token;
import org.tuf4j.encoding.JsonValue;

/**
 * The {@code targets} of a parsed targets metadata file (TUF spec §4.5) as an immutable map that
 * keeps the received bytes and, per target, where its entry lies in them. Every entry is fully
 * validated while the file is parsed; a {@link TargetFile} is built only when asked for. A
 * 100,000-target file therefore costs one pass over its bytes and an index a fraction of its
 * size, instead of hundreds of thousands of objects that a client looking up one path never uses.
 *
 * <p>Iteration is in canonical order of the paths, as for a map read from a tree. Entries are
 * built again on each access; they are equal values.
 */
final class TargetsIndex extends AbstractMap<String, TargetFile> {
  private final byte[] source;
  private final JsonLimits limits;
  private final String jsonPath;
  private final String[] paths;
  private final int[] spans;
  // HashMap rather than open addressing on String.hashCode: names are attacker-chosen and parsed
  // before any signature is checked, and HashMap's tree bins bound the cost of colliding names.
  private final Map<String, Integer> positions;
  private final int objectStart;
  private final int objectEnd;
  private final int[] unusual;

  private TargetsIndex(byte[] source, JsonLimits limits, String jsonPath, String[] paths,
      int[] spans, Map<String, Integer> positions, int objectStart, int objectEnd,
      int[] unusual) {
    this.source = source;
    this.limits = limits;
    this.jsonPath = jsonPath;
    this.paths = paths;
    this.spans = spans;
    this.positions = positions;
    this.objectStart = objectStart;
    this.objectEnd = objectEnd;
    this.unusual = unusual;
  }

  /**
   * Reads the {@code targets} object whose {@link Token#BEGIN_OBJECT} is the reader's current
   * token, up to its end. Entries of the plain shape are validated here; the others are checked by
   * {@link #validateUnusualEntries()}, which must run before the index is used.
   *
   * @param source the array the reader reads; kept, so it must never change afterwards
   */
  static TargetsIndex read(JsonReader reader, byte[] source, JsonLimits limits, String jsonPath)
      throws MalformedMetadataException {
    int objectStart = reader.tokenStart();
    String[] paths = new String[16];
    int[] spans = new int[32];
    boolean[] plain = new boolean[16];
    int n = 0;
    while (reader.next() == Token.NAME) {
      String path = reader.string();
      Token first = reader.next();
      int start = reader.tokenStart();
      boolean valid = false;
      if (first == Token.BEGIN_OBJECT) {
        // A path the model refuses is left to it, so the error is the model's own.
        valid = isPlainValidEntry(reader, source) && TargetFile.isPlainPath(path);
      } else {
        reader.skipValue();
      }
      if (n == paths.length) {
        paths = Arrays.copyOf(paths, n * 2);
        spans = Arrays.copyOf(spans, n * 4);
        plain = Arrays.copyOf(plain, n * 2);
      }
      paths[n] = path;
      spans[2 * n] = start;
      spans[2 * n + 1] = reader.tokenEnd();
      plain[n] = valid;
      n++;
    }
    int objectEnd = reader.tokenEnd();
    Integer[] order = canonicalOrder(paths, n);
    String[] sortedPaths = new String[n];
    int[] sortedSpans = new int[2 * n];
    List<Integer> unusual = new ArrayList<>();
    Map<String, Integer> positions = new HashMap<>(Math.max(16, n * 4 / 3 + 1));
    for (int i = 0; i < n; i++) {
      int from = order == null ? i : order[i];
      sortedPaths[i] = paths[from];
      sortedSpans[2 * i] = spans[2 * from];
      sortedSpans[2 * i + 1] = spans[2 * from + 1];
      if (!plain[from]) {
        unusual.add(i);
      }
      positions.put(sortedPaths[i], i); // names are unique: the reader refuses duplicates
    }
    return new TargetsIndex(source, limits, jsonPath, sortedPaths, sortedSpans, positions,
        objectStart, objectEnd, unusual.stream().mapToInt(Integer::intValue).toArray());
  }

  /** Null when the names are already in canonical order (always, for a canonical file). */
  private static Integer[] canonicalOrder(String[] paths, int n) {
    boolean sorted = true;
    for (int i = 1; i < n && sorted; i++) {
      sorted = CanonicalJson.KEY_ORDER.compare(paths[i - 1], paths[i]) < 0;
    }
    if (sorted) {
      return null;
    }
    Integer[] order = new Integer[n];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, (a, b) -> CanonicalJson.KEY_ORDER.compare(paths[a], paths[b]));
    return order;
  }

  /**
   * Runs the model's own checks on every entry that is not of the plain shape, in the order the
   * model would read them, so the first malformed entry fails with the same error as a tree parse
   * (called where the model reads its {@code targets}, after the whole file is known to be JSON).
   */
  void validateUnusualEntries() throws MalformedMetadataException {
    for (int i : unusual) {
      TargetFile.fromJson(paths[i], parse(source, spans[2 * i], spans[2 * i + 1], limits),
          entryPath(jsonPath, paths[i]));
    }
  }

  /**
   * Consumes one entry object (its BEGIN_OBJECT is current) and says whether it has the common
   * shape the model certainly accepts: a non-negative {@code length}, a non-empty {@code hashes}
   * object of strings, anything else as opaque values. False leaves the rest for the full check.
   */
  private static boolean isPlainValidEntry(JsonReader reader, byte[] source)
      throws MalformedMetadataException {
    boolean ok = true;
    boolean length = false;
    boolean hashes = false;
    while (reader.next() == Token.NAME) {
      if (reader.stringEquals("length")) {
        length = reader.next() == Token.NUMBER && reader.number() >= 0;
        ok &= length;
        reader.skipValue();
      } else if (reader.stringEquals("hashes")) {
        if (reader.next() == Token.BEGIN_OBJECT) {
          int count = 0;
          while (reader.next() == Token.NAME) {
            count++;
            // The common digests are checked on the bytes; any other is left to the model.
            int hexLength = reader.stringEquals("sha256") ? 64
                : reader.stringEquals("sha512") ? 128 : -1;
            if (reader.next() != Token.STRING) {
              ok = false;
              reader.skipValue();
            } else if (hexLength < 0 || !isLowerHex(source, reader.tokenStart() + 1,
                reader.tokenEnd() - 1, hexLength)) {
              ok = false;
            }
          }
          hashes = count > 0;
        } else {
          reader.skipValue();
        }
        ok &= hashes;
      } else {
        reader.next();
        reader.skipValue();
      }
    }
    return ok && length && hashes;
  }

  /** Whether {@code source[from, to)} is exactly {@code length} lower-case hex digits. */
  private static boolean isLowerHex(byte[] source, int from, int to, int length) {
    if (to - from != length) {
      return false;
    }
    for (int i = from; i < to; i++) {
      byte b = source[i];
      if (!(b >= '0' && b <= '9' || b >= 'a' && b <= 'f')) {
        return false;
      }
    }
    return true;
  }

  private static JsonValue parse(byte[] source, int start, int end, JsonLimits limits)
      throws MalformedMetadataException {
    try {
      JsonReader r = JsonReader.of(source, start, end - start, limits);
      r.next();
      return r.readValue();
    } catch (org.tuf4j.TooLargeException e) {
      throw new IllegalStateException("a part is never larger than the whole", e);
    }
  }

  private static String entryPath(String jsonPath, String path) {
    return jsonPath + "[\"" + path + "\"]";
  }

  /** The whole {@code targets} object as a tree (for a role type that has no such member). */
  JsonValue toJsonValue() throws MalformedMetadataException {
    return parse(source, objectStart, objectEnd, limits);
  }

  private TargetFile entry(int i) {
    try {
      return TargetFile.fromJson(paths[i], parse(source, spans[2 * i], spans[2 * i + 1], limits),
          entryPath(jsonPath, paths[i]));
    } catch (TufException e) {
      throw new IllegalStateException("entry validated while parsing no longer parses", e);
    }
  }

  @Override
  public TargetFile get(Object key) {
    Integer i = positions.get(key);
    return i == null ? null : entry(i);
  }

  @Override
  public boolean containsKey(Object key) {
    return positions.containsKey(key);
  }

  @Override
  public int size() {
    return paths.length;
  }

  @Override
  public Set<String> keySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<String> iterator() {
        return Arrays.asList(paths).iterator();
      }

      @Override
      public boolean contains(Object o) {
        return positions.containsKey(o);
      }

      @Override
      public int size() {
        return paths.length;
      }
    };
  }

  @Override
  public Set<Entry<String, TargetFile>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Entry<String, TargetFile>> iterator() {
        return new Iterator<>() {
          private int i;

          @Override
          public boolean hasNext() {
            return i < paths.length;
          }

          @Override
          public Entry<String, TargetFile> next() {
            if (i >= paths.length) {
              throw new NoSuchElementException();
            }
            Entry<String, TargetFile> e = new SimpleImmutableEntry<>(paths[i], entry(i));
            i++;
            return e;
          }
        };
      }

      @Override
      public int size() {
        return paths.length;
      }
    };
  }
}
