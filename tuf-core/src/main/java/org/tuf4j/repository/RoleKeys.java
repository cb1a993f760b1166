package org.tuf4j.repository;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tuf4j.metadata.Key;

/**
 * The keys of a role and how many of them must sign (TUF spec §4.3 "roles", §4.5 DELEGATIONS).
 * Key ids are computed from the keys (§4.2). The threshold must be reachable: at most the number
 * of distinct keys.
 */
public record RoleKeys(List<Key> keys, int threshold) {

  /**
   * Copies the keys and checks that the threshold is between 1 and the number of distinct keys.
   *
   * @param keys the role's keys
   * @param threshold how many distinct keys must sign
   * @throws IllegalArgumentException when the threshold cannot be reached or is below 1
   */
  public RoleKeys {
    keys = List.copyOf(keys);
    if (threshold < 1) {
      throw new IllegalArgumentException("threshold must be at least 1, got " + threshold);
    }
    long distinct = keys.stream().map(Key::computeKeyId).distinct().count();
    if (threshold > distinct) {
      throw new IllegalArgumentException("threshold " + threshold + " cannot be reached with "
          + distinct + " distinct key(s)");
    }
  }

  /**
   * One key, threshold 1.
   *
   * @param key the role's only key
   * @return the role's keys
   */
  public static RoleKeys of(Key key) {
    return new RoleKeys(List.of(key), 1);
  }

  /**
   * The keys by computed key id, in order.
   *
   * @return the keys, each under {@link Key#computeKeyId()}
   */
  public Map<String, Key> byId() {
    Map<String, Key> out = new LinkedHashMap<>();
    keys.forEach(k -> out.put(k.computeKeyId(), k));
    return out;
  }

  /**
   * The key ids, in order.
   *
   * @return the computed key ids
   */
  public List<String> keyIds() {
    return List.copyOf(byId().keySet());
  }
}
