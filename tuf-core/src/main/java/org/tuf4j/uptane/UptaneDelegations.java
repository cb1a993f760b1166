package org.tuf4j.uptane;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.tuf4j.MalformedMetadataException;
import org.tuf4j.TufException;
import org.tuf4j.UnsupportedFeatureException;
import org.tuf4j.encoding.JsonValue.JsonArray;
import org.tuf4j.encoding.JsonValue.JsonString;
import org.tuf4j.encoding.JsonValue;
import org.tuf4j.internal.JsonFields;
import org.tuf4j.internal.Messages;
import org.tuf4j.metadata.DelegatedRole;

/**
 * Uptane's hardware identifiers on Image repository delegations (Uptane Standard
 * #delegations_meta, "an optional list of the hardware identifiers to which this role applies.
 * If this is omitted, any hardware identifier will match"; #resolve_delegations step 4.1, "it
 * SHALL include the hardware identifier of the target, and the target name SHALL match one of
 * the delegation's image paths").
 *
 * <p>The list is the member {@value #HARDWARE_IDS} of a delegated role, next to {@code paths}:
 * the name Uptane image metadata already uses for hardware identifiers. None of the deployed
 * JSON stacks writes such a member (aktualizr reads a delegation's {@code name}, {@code keyids},
 * {@code threshold}, {@code paths} and {@code terminating} only), so this is tuf4j's choice of
 * name. tuf4j's model keeps it as an unrecognized member of {@link DelegatedRole}.
 *
 * <p>Multi-role delegations (#multirole_delegations, TAP 3) are not supported. TAP 3 writes
 * {@code delegations} as a list with {@code keys_for_delegations} beside it, which tuf4j's TUF
 * 1.0 model refuses as malformed; a TUF 1.0 delegated role carrying TAP 3's {@code roleinfo} or
 * {@code min_roles_in_agreement} is refused with an {@link UnsupportedFeatureException} whenever
 * it applies to an image, rather than read as the single role it is not.
 */
public final class UptaneDelegations {
  private static final String HARDWARE_IDS = UptaneFields.DELEGATION_HARDWARE_IDS;

  private static final Set<String> MULTI_ROLE = Set.of("roleinfo", "min_roles_in_agreement");

  private UptaneDelegations() {}

  /**
   * The hardware identifiers {@code role} is limited to, or empty when it applies to any.
   *
   * @param role a delegated role of the Image repository
   * @return the hardware identifiers, or empty
   * @throws MalformedMetadataException when the member is not a non-empty list of non-empty
   *     strings of at most {@link UptaneTargetCustom#MAX_ENTRIES} entries (an empty list would
   *     apply to no hardware: leave the member out to apply to any)
   */
  public static Optional<List<String>> hardwareIds(DelegatedRole role)
      throws MalformedMetadataException {
    JsonValue value = role.unrecognizedFields().get(HARDWARE_IDS);
    if (value == null) {
      return Optional.empty();
    }
    String path = "delegations.roles[\"" + Messages.bounded(role.name()) + "\"]." + HARDWARE_IDS;
    if (!(value instanceof JsonArray a)) {
      throw JsonFields.schema(path, "a list of hardware identifiers");
    }
    JsonFields.requireAtMost(path, a.elements().size(), UptaneTargetCustom.MAX_ENTRIES, "entries");
    if (a.elements().isEmpty()) {
      throw JsonFields.schema(path, "a non-empty list of hardware identifiers (leave it out to "
          + "apply to any hardware)");
    }
    List<String> out = new ArrayList<>(a.elements().size());
    for (JsonValue v : a.elements()) {
      if (!(v instanceof JsonString s) || s.value().isEmpty()) {
        throw JsonFields.schema(path, "non-empty strings");
      }
      out.add(s.value());
    }
    return Optional.of(List.copyOf(out));
  }

  /**
   * {@code role} limited to {@code hardwareIds}, for writers and tests.
   *
   * @param role the delegated role
   * @param hardwareIds the hardware identifiers it applies to
   * @return a copy of {@code role} with the member set
   */
  public static DelegatedRole withHardwareIds(DelegatedRole role, List<String> hardwareIds) {
    Map<String, JsonValue> rest = new LinkedHashMap<>(role.unrecognizedFields());
    rest.put(HARDWARE_IDS, JsonValue.ofStrings(List.copyOf(hardwareIds)));
    return new DelegatedRole(role.name(), role.keyIds(), role.threshold(),
        role.terminatingField(), role.paths(), role.pathHashPrefixes(), rest);
  }

  /**
   * The delegations that apply to an image for hardware {@code hardwareId}, for the client's
   * delegation search (which matches the paths itself). A role whose hardware list is
   * malformed, or that is a multi-role delegation, applies to nothing, and {@link #check}
   * reports it after the search.
   */
  static final class Filter implements Predicate<DelegatedRole> {
    private final String hardwareId;
    private TufException problem;

    Filter(String hardwareId) {
      this.hardwareId = Objects.requireNonNull(hardwareId, "hardwareId");
    }

    @Override
    public boolean test(DelegatedRole role) {
      for (String member : MULTI_ROLE) {
        if (role.unrecognizedFields().containsKey(member)) {
          remember(new UnsupportedFeatureException("delegation to \""
              + Messages.bounded(role.name()) + "\" is a multi-role delegation (TAP 3 \"" + member
              + "\"), which tuf4j does not support"));
          return false;
        }
      }
      try {
        return hardwareIds(role).map(ids -> ids.contains(hardwareId)).orElse(true);
      } catch (MalformedMetadataException e) {
        remember(e);
        return false;
      }
    }

    private void remember(TufException e) {
      if (problem == null) {
        problem = e;
      }
    }

    /** Throws the first problem met while searching, if any. */
    void check() throws TufException {
      if (problem != null) {
        throw problem;
      }
    }
  }
}
