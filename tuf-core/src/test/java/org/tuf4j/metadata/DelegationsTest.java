package org.tuf4j.metadata;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The DELEGATIONS object's own rules (TUF spec §4.5). */
class DelegationsTest {

  private static DelegatedRole role(String name) {
    return new DelegatedRole(name, List.of("k"), 1, Optional.of(false),
        Optional.of(List.of("*")), Optional.empty(), Map.of());
  }

  /**
   * A delegated role named like a top-level role would share that role's metadata file name
   * (and, on a client, its local file): refused when constructed and therefore when parsed.
   */
  @ParameterizedTest
  @ValueSource(strings = {"root", "timestamp", "snapshot", "targets"})
  void delegatedRoleCannotTakeATopLevelRoleName(String name) {
    assertThrows(IllegalArgumentException.class, () -> new Delegations(Map.of(),
        Optional.of(List.of(role(name))), Optional.empty(), Map.of()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"role1"})
  void delegatedRoleNamesAreUnique(String name) {
    assertThrows(IllegalArgumentException.class, () -> new Delegations(Map.of(),
        Optional.of(List.of(role(name), role(name))), Optional.empty(), Map.of()));
  }
}
