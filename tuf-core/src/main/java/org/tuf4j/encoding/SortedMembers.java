package org.tuf4j.encoding;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import org.tuf4j.encoding.JsonValue.JsonObject;

/**
 * The members of a {@link JsonObject}: an immutable map over two arrays in canonical order
 * (TUF spec §4.1), with lookup by binary search. Smaller than a tree map, and built in linear time
 * when the parser already read the names in order.
 */
final class SortedMembers extends AbstractMap<String, JsonValue> {
  static final SortedMembers EMPTY = new SortedMembers(new String[0], new JsonValue[0]);

  private final String[] names;
  private final JsonValue[] values;

  private SortedMembers(String[] names, JsonValue[] values) {
    this.names = names;
    this.values = values;
  }

  /** The members of {@code map}, sorted. */
  static SortedMembers copyOf(Map<String, JsonValue> map) {
    if (map instanceof SortedMembers m) {
      return m;
    }
    int n = map.size();
    String[] names = new String[n];
    JsonValue[] values = new JsonValue[n];
    int i = 0;
    for (Map.Entry<String, JsonValue> e : map.entrySet()) {
      names[i] = Objects.requireNonNull(e.getKey(), "member name");
      if (!CanonicalJson.isWellFormedUnicode(names[i])) {
        // It would have no UTF-8 form, so no canonical encoding (JsonString has the same rule).
        throw new IllegalArgumentException("member name contains an unpaired surrogate");
      }
      values[i] = Objects.requireNonNull(e.getValue(), "member value");
      i++;
    }
    return sorted(names, values);
  }

  /**
   * An object from parsed members with distinct names; {@code inOrder} says the parser saw them
   * strictly ascending, so no sort is needed.
   */
  static JsonObject object(List<String> names, List<JsonValue> values, boolean inOrder) {
    String[] n = names.toArray(new String[0]);
    JsonValue[] v = values.toArray(new JsonValue[0]);
    return new JsonObject(inOrder ? new SortedMembers(n, v) : sorted(n, v));
  }

  private static SortedMembers sorted(String[] names, JsonValue[] values) {
    boolean ascending = true;
    for (int i = 1; i < names.length && ascending; i++) {
      ascending = CanonicalJson.KEY_ORDER.compare(names[i - 1], names[i]) < 0;
    }
    if (ascending) {
      return new SortedMembers(names, values);
    }
    Integer[] order = new Integer[names.length];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, (a, b) -> CanonicalJson.KEY_ORDER.compare(names[a], names[b]));
    String[] n = new String[names.length];
    JsonValue[] v = new JsonValue[names.length];
    for (int i = 0; i < order.length; i++) {
      n[i] = names[order[i]];
      v[i] = values[order[i]];
      if (i > 0 && n[i].equals(n[i - 1])) {
        throw new IllegalArgumentException("duplicate member name " + n[i]);
      }
    }
    return new SortedMembers(n, v);
  }

  private int indexOf(Object key) {
    if (!(key instanceof String s)) {
      return -1;
    }
    int lo = 0;
    int hi = names.length - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int cmp = CanonicalJson.KEY_ORDER.compare(names[mid], s);
      if (cmp < 0) {
        lo = mid + 1;
      } else if (cmp > 0) {
        hi = mid - 1;
      } else {
        return mid;
      }
    }
    return -1;
  }

  @Override
  public JsonValue get(Object key) {
    int i = indexOf(key);
    return i < 0 ? null : values[i];
  }

  @Override
  public boolean containsKey(Object key) {
    return indexOf(key) >= 0;
  }

  @Override
  public int size() {
    return names.length;
  }

  @Override
  public Set<Entry<String, JsonValue>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Entry<String, JsonValue>> iterator() {
        return new Iterator<>() {
          private int i;

          @Override
          public boolean hasNext() {
            return i < names.length;
          }

          @Override
          public Entry<String, JsonValue> next() {
            if (i >= names.length) {
              throw new NoSuchElementException();
            }
            Entry<String, JsonValue> e = new SimpleImmutableEntry<>(names[i], values[i]);
            i++;
            return e;
          }
        };
      }

      @Override
      public int size() {
        return names.length;
      }
    };
  }
}
