package org.tuf4j.verify;

/** What threshold counting concluded about one key id assigned to a role. */
public enum KeyOutcome {
  /** A valid signature by this key: counted toward the threshold. */
  SIGNED,
  /** The metadata carries no signature for this key id. */
  NO_SIGNATURE,
  /** A signature is present but does not verify (or is not valid hex). */
  BAD_SIGNATURE,
  /** The role lists a key id that the delegator's {@code keys} does not define. */
  UNKNOWN_KEY_ID,
  /** The key's type or scheme has no implementation here: skipped, not fatal. */
  UNSUPPORTED_KEY,
  /** The key's public value cannot be decoded: skipped, not fatal. */
  INVALID_KEY,
  /** Same key material as a key already counted (under another id): counted once only. */
  DUPLICATE_KEY
}
