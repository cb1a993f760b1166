package org.tuf4j.verify;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The outcome of counting signatures for one role: which keys signed, and why every other
 * assigned key did not count.
 *
 * @param role the role name, for messages
 * @param version the metadata version checked
 * @param threshold signatures by distinct keys required
 * @param outcomes per assigned key id, in the role's key id order
 */
public record ThresholdResult(String role, long version, int threshold,
    Map<String, KeyOutcome> outcomes) {

  /**
   * Copies the outcomes, keeping their order.
   *
   * @param role the role name, for messages
   * @param version the metadata version checked
   * @param threshold signatures by distinct keys required
   * @param outcomes per assigned key id, in the role's key id order
   */
  public ThresholdResult {
    outcomes = Collections.unmodifiableMap(new LinkedHashMap<>(outcomes));
  }

  /**
   * Key ids whose signatures verified, one per distinct key.
   *
   * @return the key ids, in the role's order
   */
  public Set<String> signedBy() {
    Set<String> out = new TreeSet<>();
    outcomes.forEach((id, o) -> {
      if (o == KeyOutcome.SIGNED) {
        out.add(id);
      }
    });
    return Collections.unmodifiableSet(out);
  }

  /**
   * Whether at least {@link #threshold()} distinct keys signed.
   *
   * @return true when the threshold is met
   */
  public boolean isMet() {
    return signedBy().size() >= threshold;
  }

  /**
   * How many more distinct valid signatures the threshold needs (0 when met).
   *
   * @return the number of signatures still needed
   */
  public int missing() {
    return Math.max(0, threshold - signedBy().size());
  }

  /** A compact account of the keys that did not count, for error messages. */
  String summary() {
    StringBuilder sb = new StringBuilder();
    outcomes.forEach((id, o) -> {
      if (o != KeyOutcome.SIGNED) {
        sb.append(sb.length() == 0 ? "" : ", ").append(abbreviate(id)).append(": ")
            .append(o.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
      }
    });
    return sb.toString();
  }

  private static String abbreviate(String keyId) {
    return keyId.length() > 12 ? keyId.substring(0, 12) + "…" : keyId;
  }
}
