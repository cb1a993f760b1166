package org.tuf4j.repository;

import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.tuf4j.verify.ThresholdResult;

/**
 * Where a role of a {@link Release} stands: its version and expiry, and for each threshold it
 * must meet (one; two for a new root — the previous root's keys and its own, TUF spec §5.3.4)
 * which keys have signed and how many more are needed.
 */
public record RoleStatus(String role, long version, Instant expires,
    List<ThresholdResult> thresholds) {

  /**
   * Copies the thresholds.
   *
   * @param thresholds the thresholds the role must meet, each with who has signed
   * @param role the role's name
   * @param version the version the release signs
   * @param expires the expiry the release signs
   */
  public RoleStatus {
    thresholds = List.copyOf(thresholds);
  }

  /**
   * Whether every threshold is met.
   *
   * @return true when the role is signed
   */
  public boolean isComplete() {
    return thresholds.stream().allMatch(ThresholdResult::isMet);
  }

  /**
   * How many more valid signatures the role needs (the largest shortfall of its thresholds).
   *
   * @return the number of signatures still needed, 0 when complete
   */
  public int missing() {
    return thresholds.stream().mapToInt(ThresholdResult::missing).max().orElse(0);
  }

  /**
   * One line per threshold, e.g. "root v3 (keys of v2): 1 of 2 signed by [a1b2…]; need 1 more".
   *
   * @return a description for people, one line per threshold
   */
  public String describe() {
    return thresholds.stream().map(t -> role + " v" + version + " " + label(t) + ": "
        + t.signedBy().size() + " of " + t.threshold() + " signed by " + t.signedBy()
        + (t.isMet() ? "" : "; need " + t.missing() + " more from "
            + t.outcomes().keySet().stream().filter(id -> !t.signedBy().contains(id))
                .collect(Collectors.toList())))
        .collect(Collectors.joining("; "));
  }

  private String label(ThresholdResult t) {
    int open = t.role().indexOf('(');
    return open < 0 ? "" : t.role().substring(open);
  }
}
