package org.tuf4j.metadata;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntFunction;
import java.util.Set;
import org.tuf4j.MalformedMetadataException;
import org.tuf4j.TufException;
import org.tuf4j.encoding.CanonicalJson;
import org.tuf4j.encoding.JsonLimits;
import org.tuf4j.encoding.JsonReader;
import org.tuf4j.encoding.JsonReader.Token;
import org.tuf4j.encoding.JsonValue;

/**
 * An object of named entries in a parsed metadata file as an immutable map that keeps the
 * received bytes and, per entry, where its name and value lie in them: the {@code targets} of
 * targets metadata (TUF spec §4.5) and the {@code meta} of snapshot and timestamp metadata (§4.4,
 * §4.6). Every entry is fully validated while the file is parsed; the model value (and its name's
 * {@code String}) is built only when asked for. A 1,000,000-target file therefore costs one pass
 * over its bytes and a few {@code int} arrays, about 40 bytes per target, instead of millions of
 * long-lived objects that a client looking up one path never uses (and that the garbage collector
 * would copy); a cold process reads a 4,096-bin snapshot without building 4,097 entries in the
 * interpreter to use two.
 *
 * <p>Lookups go through an open-addressing table of entry numbers, hashed with {@link SipHash}
 * under a key drawn for each instance: names are attacker-chosen and parsed before any signature
 * is checked, and without the key no set of names can be made to collide, so building the table
 * and each lookup stay expected constant time per name.
 *
 * <p>Iteration is in canonical order of the names, as for a map read from a tree. Targets entries
 * are built again on each access (they are equal values); {@code meta} entries are kept once
 * built.
 */
final class EntryIndex<V> extends AbstractMap<String, V> {
  /**
   * The entries of one kind of object: whether they are targets (else {@code meta} entries, for
   * which of the plain-shape checks above applies: a flag, not a virtual call, in the loop over
   * a million entries) and the model's reader of one entry.
   */
  private record Shape<V>(boolean targets, Reader<V> reader) {}

  /** The model's reader of one entry, {@code value} under {@code name}, at {@code path}. */
  @FunctionalInterface
  private interface Reader<V> {
    V read(String name, JsonValue value, String path) throws MalformedMetadataException;
  }

  // Per entry: name start and end, value start and end. A name is the UTF-8 between its quotes
  // in source, or, when it had escapes, its decoded UTF-8 in `decoded` (start stored as ~start).
  private static final int STRIDE = 4;

  private final Shape<V> shape;
  private final byte[] source;
  private final JsonLimits limits;
  private final String jsonPath;
  private final int size;
  private final int[] entries;
  private final byte[] decoded;
  private final int[] hashes;
  private final int[] table;
  private final SipHash hash;
  private final int objectStart;
  private final int objectEnd;
  private final int[] unusual;
  // meta entries as built, for the client's repeated lookups (a few thousand at most; targets
  // entries are not kept: a million of them would be the tree the index exists to avoid)
  private final Object[] built;
  // Slots visited while the table was built (for the test that colliding names stay linear).
  private final long buildProbes;

  private EntryIndex(Shape<V> shape, Builder b, int[] entries, int[] hashes, int objectStart,
      int objectEnd, int[] unusual) throws MalformedMetadataException {
    this.shape = shape;
    this.source = b.source;
    this.limits = b.limits;
    this.jsonPath = b.jsonPath;
    this.size = b.n;
    this.entries = entries;
    this.decoded = b.decoded == null ? new byte[0] : Arrays.copyOf(b.decoded, b.decodedLength);
    this.hashes = hashes;
    this.hash = b.hash;
    this.objectStart = objectStart;
    this.objectEnd = objectEnd;
    this.unusual = unusual;
    this.built = shape.targets() ? null : new Object[size];
    int capacity = Integer.highestOneBit(Math.max(16, size * 2 - 1)) << 1; // load at most 1/2
    this.table = new int[capacity];
    long probes = 0;
    int mask = capacity - 1;
    for (int i = 0; i < size; i++) {
      int slot = hashes[i] & mask;
      while (table[slot] != 0) {
        probes++;
        int j = table[slot] - 1;
        // The reader refuses duplicate names; checked again, as a duplicate would be unreachable.
        if (hashes[j] == hashes[i] && compareNames(i, j) == 0) {
          throw new MalformedMetadataException(MalformedMetadataException.Reason.DUPLICATE_KEY,
              "duplicate name in " + jsonPath);
        }
        slot = (slot + 1) & mask;
      }
      probes++;
      table[slot] = i + 1;
    }
    this.buildProbes = probes;
  }

  /** The entries as read, in file order, before they are sorted and indexed. */
  private static final class Builder {
    final byte[] source;
    final JsonLimits limits;
    final String jsonPath;
    final SipHash hash = new SipHash(
        ProcessKey.K0 ^ ThreadLocalRandom.current().nextLong(),
        ProcessKey.K1 ^ ThreadLocalRandom.current().nextLong());
    int n;
    int[] entries = new int[16 * STRIDE];
    int[] hashes = new int[16];
    boolean[] plain = new boolean[16];
    byte[] decoded;
    int decodedLength;

    Builder(byte[] source, JsonLimits limits, String jsonPath) {
      this.source = source;
      this.limits = limits;
      this.jsonPath = jsonPath;
    }

    /** Adds a name; {@code escapedName} is its decoded text when it had escapes, else null. */
    void add(int nameStart, int nameEnd, String escapedName) {
      if (n == hashes.length) {
        entries = Arrays.copyOf(entries, n * 2 * STRIDE);
        hashes = Arrays.copyOf(hashes, n * 2);
        plain = Arrays.copyOf(plain, n * 2);
      }
      if (escapedName != null) {
        byte[] utf8 = escapedName.getBytes(StandardCharsets.UTF_8);
        if (decoded == null) {
          decoded = new byte[Math.max(64, utf8.length)];
        } else if (decodedLength + utf8.length > decoded.length) {
          decoded = Arrays.copyOf(decoded, Math.max(decoded.length * 2,
              decodedLength + utf8.length));
        }
        System.arraycopy(utf8, 0, decoded, decodedLength, utf8.length);
        entries[STRIDE * n] = ~decodedLength;
        decodedLength += utf8.length;
        entries[STRIDE * n + 1] = decodedLength;
        hashes[n] = fold(hash.hash(utf8, 0, utf8.length));
      } else {
        entries[STRIDE * n] = nameStart;
        entries[STRIDE * n + 1] = nameEnd;
        hashes[n] = fold(hash.hash(source, nameStart, nameEnd));
      }
    }

    /** Completes the entry {@link #add} began. */
    void value(int start, int end, boolean valid) {
      entries[STRIDE * n + 2] = start;
      entries[STRIDE * n + 3] = end;
      plain[n] = valid;
      n++;
    }

    byte[] nameArray(int i) {
      return entries[STRIDE * i] < 0 ? decoded : source;
    }

    int nameFrom(int i) {
      int s = entries[STRIDE * i];
      return s < 0 ? ~s : s;
    }

    int compare(int i, int j) {
      return Arrays.compareUnsigned(nameArray(i), nameFrom(i), entries[STRIDE * i + 1],
          nameArray(j), nameFrom(j), entries[STRIDE * j + 1]);
    }
  }

  /**
   * A secret drawn once per process from the operating system's random source, which each
   * instance's key is derived from. Read from {@code /dev/urandom} directly where there is one:
   * a first {@link SecureRandom} costs tens of milliseconds of start-up (its provider machinery),
   * more than parsing a small targets file.
   */
  private static final class ProcessKey {
    static final long K0;
    static final long K1;

    static {
      byte[] seed = new byte[16];
      boolean read = false;
      try (InputStream in = Files.newInputStream(Path.of("/dev/urandom"))) {
        read = in.readNBytes(seed, 0, 16) == 16;
      } catch (IOException | RuntimeException unavailable) {
        // no such device on this platform: the JDK's own source below
      }
      if (!read) {
        new SecureRandom().nextBytes(seed);
      }
      ByteBuffer b = ByteBuffer.wrap(seed);
      K0 = b.getLong();
      K1 = b.getLong();
    }

    private ProcessKey() {}
  }

  private static int fold(long h) {
    return (int) (h ^ (h >>> 32));
  }

  /**
   * A {@code targets} entry (TUF spec §4.5) is plain when it has a non-negative {@code length},
   * {@code hashes} checked by {@link #isPlainHashes}, anything else as opaque values, and a path
   * {@link TargetFile} accepts.
   */
  private static boolean isPlainTarget(JsonReader reader, byte[] source, byte[] name, int from,
      int to) throws MalformedMetadataException {
    boolean length = false;
    boolean hashes = false;
    while (reader.next() == Token.NAME) { // each name at most once: the reader refuses repeats
      if (reader.stringEquals("length")) {
        length = reader.next() == Token.NUMBER && reader.number() >= 0;
        reader.skipValue();
      } else if (reader.stringEquals("hashes")) {
        reader.next();
        hashes = isPlainHashes(reader, source);
      } else {
        reader.next();
        reader.skipValue();
      }
    }
    return length && hashes && isPlainPath(name, from, to);
  }

  /**
   * A {@code meta} entry (TUF spec §4.4, §4.6) is plain when it has a {@code version} of at least
   * 1, and when listed a non-negative {@code length} and {@code hashes} checked by {@link
   * #isPlainHashes}, anything else as opaque values.
   */
  private static boolean isPlainMeta(JsonReader reader, byte[] source)
      throws MalformedMetadataException {
    boolean ok = true;
    boolean version = false;
    while (reader.next() == Token.NAME) { // each name at most once: the reader refuses repeats
      if (reader.stringEquals("version")) {
        version = reader.next() == Token.NUMBER && reader.number() >= 1;
        reader.skipValue();
      } else if (reader.stringEquals("length")) {
        ok &= reader.next() == Token.NUMBER && reader.number() >= 0;
        reader.skipValue();
      } else if (reader.stringEquals("hashes")) {
        reader.next();
        ok &= isPlainHashes(reader, source);
      } else {
        reader.next();
        reader.skipValue();
      }
    }
    return ok && version;
  }

  private static final Shape<TargetFile> TARGETS = new Shape<>(true, TargetFile::fromJson);
  private static final Shape<MetaFile> META = new Shape<>(false,
      (name, value, path) -> MetaFile.fromJson(value, path));

  /**
   * Reads the {@code targets} object of targets metadata whose {@link Token#BEGIN_OBJECT} is the
   * reader's current token, as {@link #read} does.
   */
  static EntryIndex<TargetFile> targets(JsonReader reader, byte[] source, JsonLimits limits,
      String jsonPath) throws MalformedMetadataException {
    return read(reader, source, limits, jsonPath, TARGETS);
  }

  /**
   * Reads the {@code meta} object of snapshot or timestamp metadata whose {@link
   * Token#BEGIN_OBJECT} is the reader's current token, as {@link #read} does.
   */
  static EntryIndex<MetaFile> meta(JsonReader reader, byte[] source, JsonLimits limits,
      String jsonPath) throws MalformedMetadataException {
    return read(reader, source, limits, jsonPath, META);
  }

  /**
   * {@link TargetFile#isPlainPath} on the UTF-8 of a path: {@code /} and {@code .} are ASCII,
   * and no byte of a multi-byte UTF-8 sequence is.
   */
  static boolean isPlainPath(byte[] utf8, int from, int to) {
    if (from == to) {
      return false;
    }
    int start = from;
    for (int i = from; i <= to; i++) {
      if (i == to || utf8[i] == '/') {
        int n = i - start;
        if (n == 1 && utf8[start] == '.'
            || n == 2 && utf8[start] == '.' && utf8[start + 1] == '.') {
          return false;
        }
        start = i + 1;
      }
    }
    return true;
  }

  /**
   * Reads the object whose {@link Token#BEGIN_OBJECT} is the reader's current token, up to its
   * end. Entries of the plain shape are validated here; the others are checked by {@link
   * #validateUnusualEntries()}, which must run before the index is used.
   *
   * @param source the array the reader reads; kept, so it must never change afterwards
   */
  private static <V> EntryIndex<V> read(JsonReader reader, byte[] source, JsonLimits limits,
      String jsonPath, Shape<V> shape) throws MalformedMetadataException {
    int objectStart = reader.tokenStart();
    Builder b = new Builder(source, limits, jsonPath);
    while (reader.next() == Token.NAME) {
      int nameStart = reader.tokenStart() + 1; // inside the quotes
      int nameEnd = reader.tokenEnd() - 1;
      b.add(nameStart, nameEnd, hasEscape(source, nameStart, nameEnd) ? reader.string() : null);
      Token first = reader.next();
      int start = reader.tokenStart();
      boolean valid = false;
      if (first == Token.BEGIN_OBJECT) {
        valid = shape.targets() ? isPlainTarget(reader, source, b.nameArray(b.n),
            b.nameFrom(b.n), b.entries[STRIDE * b.n + 1]) : isPlainMeta(reader, source);
      } else {
        reader.skipValue();
      }
      b.value(start, reader.tokenEnd(), valid);
    }
    int objectEnd = reader.tokenEnd();
    int n = b.n;
    Integer[] order = canonicalOrder(b);
    int[] entries = new int[STRIDE * n];
    int[] hashes = new int[n];
    int[] unusual = new int[16];
    int unusualCount = 0;
    for (int i = 0; i < n; i++) {
      int from = order == null ? i : order[i];
      System.arraycopy(b.entries, STRIDE * from, entries, STRIDE * i, STRIDE);
      hashes[i] = b.hashes[from];
      if (!b.plain[from]) {
        if (unusualCount == unusual.length) {
          unusual = Arrays.copyOf(unusual, unusualCount * 2);
        }
        unusual[unusualCount++] = i;
      }
    }
    return new EntryIndex<>(shape, b, entries, hashes, objectStart, objectEnd,
        Arrays.copyOf(unusual, unusualCount));
  }

  private static boolean hasEscape(byte[] source, int from, int to) {
    for (int i = from; i < to; i++) {
      if (source[i] == '\\') {
        return true;
      }
    }
    return false;
  }

  /**
   * Null when the names are already in canonical order (always, for a canonical file). UTF-8
   * byte order is code point order, the order of canonical JSON (and of {@link
   * CanonicalJson#KEY_ORDER}).
   */
  private static Integer[] canonicalOrder(Builder b) {
    boolean sorted = true;
    for (int i = 1; i < b.n && sorted; i++) {
      sorted = b.compare(i - 1, i) < 0;
    }
    if (sorted) {
      return null;
    }
    Integer[] order = new Integer[b.n];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, b::compare);
    return order;
  }

  /**
   * Runs the model's own checks on every entry that is not of the plain shape, in the order the
   * model would read them, so the first malformed entry fails with the same error as a tree parse
   * (called where the model reads the object, after the whole file is known to be JSON).
   */
  void validateUnusualEntries() throws MalformedMetadataException {
    for (int i : unusual) {
      read(i);
    }
  }

  /**
   * Consumes the value of a {@code hashes} member (its first token is current) and says whether
   * the model certainly accepts it: a non-empty object of SHA-256 and SHA-512 digests in lower-case
   * hex, checked on the bytes. Any other digest is left to the model.
   */
  private static boolean isPlainHashes(JsonReader reader, byte[] source)
      throws MalformedMetadataException {
    if (reader.token() != Token.BEGIN_OBJECT) {
      reader.skipValue();
      return false;
    }
    boolean ok = true;
    int count = 0;
    while (reader.next() == Token.NAME) {
      count++;
      int hexLength = reader.stringEquals("sha256") ? 64
          : reader.stringEquals("sha512") ? 128 : -1;
      if (reader.next() != Token.STRING) {
        ok = false;
        reader.skipValue();
      } else {
        int from = reader.tokenStart() + 1;
        int to = reader.tokenEnd() - 1;
        ok &= to - from == hexLength && LowerHex.isLowerHex(source, from, to);
      }
    }
    return ok && count > 0;
  }

  /** The whole object as a tree (for a role type that has no such member). */
  JsonValue toJsonValue() throws MalformedMetadataException {
    return Subtrees.read(source, objectStart, objectEnd, limits);
  }

  private V read(int i) throws MalformedMetadataException {
    String name = name(i);
    return shape.reader().read(name, Subtrees.read(source, entries[STRIDE * i + 2],
        entries[STRIDE * i + 3], limits), jsonPath + "[\"" + name + "\"]");
  }

  @SuppressWarnings("unchecked") // built[i] holds only what read(i) returned
  private V entry(int i) {
    Object known = built == null ? null : built[i];
    if (known != null) {
      return (V) known;
    }
    V v;
    try {
      v = read(i);
    } catch (TufException e) {
      throw new IllegalStateException("entry validated while parsing no longer parses", e);
    }
    if (built != null) {
      built[i] = v; // a racing thread builds an equal, immutable value: either may stay
    }
    return v;
  }

  private byte[] nameArray(int i) {
    return entries[STRIDE * i] < 0 ? decoded : source;
  }

  private int nameFrom(int i) {
    int s = entries[STRIDE * i];
    return s < 0 ? ~s : s;
  }

  private int nameTo(int i) {
    return entries[STRIDE * i + 1];
  }

  private int compareNames(int i, int j) {
    return Arrays.compareUnsigned(nameArray(i), nameFrom(i), nameTo(i), nameArray(j),
        nameFrom(j), nameTo(j));
  }

  /** The name of entry {@code i}, decoded afresh. */
  private String name(int i) {
    return new String(nameArray(i), nameFrom(i), nameTo(i) - nameFrom(i),
        StandardCharsets.UTF_8);
  }

  /** The entry number of {@code key}, or -1. */
  private int indexOf(Object key) {
    if (!(key instanceof String name)) {
      return -1;
    }
    byte[] utf8 = utf8(name);
    return utf8 == null ? -1 : indexOf(utf8, 0, utf8.length);
  }

  /** The entry number of the name whose UTF-8 is {@code utf8[from, to)}, or -1. */
  private int indexOf(byte[] utf8, int from, int to) {
    int h = fold(hash.hash(utf8, from, to));
    int mask = table.length - 1;
    for (int slot = h & mask; ; slot = (slot + 1) & mask) {
      int e = table[slot];
      if (e == 0) {
        return -1;
      }
      int i = e - 1;
      if (hashes[i] == h && Arrays.equals(nameArray(i), nameFrom(i), nameTo(i), utf8, from, to)) {
        return i;
      }
    }
  }

  /**
   * The names of {@code older}'s entries that this index lists with other content or not at all,
   * in {@code older}'s order. Entries whose received bytes are the same are the same without being
   * built, so comparing two versions of a 4,096-bin snapshot builds only the entries that changed.
   */
  List<String> namesChangedFrom(EntryIndex<V> older) {
    List<String> changed = new ArrayList<>();
    for (int i = 0; i < older.size; i++) {
      int j = indexOf(older.nameArray(i), older.nameFrom(i), older.nameTo(i));
      if (j < 0 || !Arrays.equals(source, entries[STRIDE * j + 2], entries[STRIDE * j + 3],
          older.source, older.entries[STRIDE * i + 2], older.entries[STRIDE * i + 3])
          && !entry(j).equals(older.entry(i))) { // other bytes, such as whitespace: same value?
        changed.add(older.name(i));
      }
    }
    return changed;
  }

  /**
   * The UTF-8 of {@code s}, or null when it has an unpaired surrogate: the reader refuses those
   * in names, and {@code getBytes} would replace it by {@code ?}, which could match another name.
   */
  private static byte[] utf8(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isSurrogate(c)) {
        if (!Character.isHighSurrogate(c) || i + 1 == s.length()
            || !Character.isLowSurrogate(s.charAt(i + 1))) {
          return null;
        }
        i++;
      }
    }
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Slots visited to find {@code key} (for the test that colliding names stay linear). */
  int probes(String key) {
    byte[] utf8 = utf8(key);
    int h = fold(hash.hash(utf8, 0, utf8.length));
    int mask = table.length - 1;
    int probes = 1;
    for (int slot = h & mask; table[slot] != 0; slot = (slot + 1) & mask) {
      int i = table[slot] - 1;
      if (hashes[i] == h && Arrays.equals(nameArray(i), nameFrom(i), nameTo(i), utf8, 0,
          utf8.length)) {
        return probes;
      }
      probes++;
    }
    return probes;
  }

  /** Slots visited while the table was built. */
  long buildProbes() {
    return buildProbes;
  }

  @Override
  public V get(Object key) {
    int i = indexOf(key);
    return i < 0 ? null : entry(i);
  }

  @Override
  public boolean containsKey(Object key) {
    return indexOf(key) >= 0;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public Set<String> keySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<String> iterator() {
        return inOrder(EntryIndex.this::name);
      }

      @Override
      public boolean contains(Object o) {
        return indexOf(o) >= 0;
      }

      @Override
      public int size() {
        return size;
      }
    };
  }

  @Override
  public Set<Entry<String, V>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Entry<String, V>> iterator() {
        return inOrder(i -> new SimpleImmutableEntry<>(name(i), entry(i)));
      }

      @Override
      public int size() {
        return size;
      }
    };
  }

  /** {@code item} of each entry number, in canonical order. */
  private <T> Iterator<T> inOrder(IntFunction<T> item) {
    return new Iterator<>() {
      private int i;

      @Override
      public boolean hasNext() {
        return i < size;
      }

      @Override
      public T next() {
        if (i >= size) {
          throw new NoSuchElementException();
        }
        return item.apply(i++);
      }
    };
  }
}
