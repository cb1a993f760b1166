package org.tuf4j.repository;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.tuf4j.crypto.KeyPairSigner;
import org.tuf4j.crypto.Signer;
import org.tuf4j.metadata.RoleType;

/** One fresh ed25519 key per top-level role, threshold 1: the writer tests' usual set-up. */
final class TopLevelKeys {
  private final Map<RoleType, Signer> signers = new EnumMap<>(RoleType.class);

  TopLevelKeys() {
    for (RoleType t : RoleType.values()) {
      signers.put(t, KeyPairSigner.generate("ed25519"));
    }
  }

  Signer get(RoleType role) {
    return signers.get(role);
  }

  /** The keys and threshold of each role, for {@link RepositoryEditor#create}. */
  Map<RoleType, RoleKeys> roles() {
    Map<RoleType, RoleKeys> out = new EnumMap<>(RoleType.class);
    signers.forEach((t, s) -> out.put(t, RoleKeys.of(RepositoryEditorTest.key(s))));
    return out;
  }

  /** Every top-level signer, and {@code others}. */
  List<Signer> all(Signer... others) {
    List<Signer> out = new ArrayList<>(signers.values());
    out.addAll(List.of(others));
    return out;
  }
}
