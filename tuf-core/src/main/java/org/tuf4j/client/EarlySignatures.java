package org.tuf4j.client;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tuf4j.BadSignatureException;
import org.tuf4j.MalformedMetadataException;
import org.tuf4j.UnsupportedFeatureException;
import org.tuf4j.crypto.CryptoBackend;
import org.tuf4j.crypto.SignatureVerifier;
import org.tuf4j.metadata.Key;

/**
 * Signature verifications of a metadata file made before the file is parsed, so that a second
 * processor verifies (TUF spec §5.5.3, §5.6.3) while the caller's parses. For a large targets
 * file each takes about half of the time.
 *
 * <p>It decides nothing. It reads the signatures and the position of {@code signed} off the
 * bytes as canonical JSON lays them out, {@code {"signatures":[{"keyid":"…","sig":"…"},…],
 * "signed":…}}, and verifies each signature of a key the role is assigned over that range,
 * keeping the outcome. The threshold check then runs on the parsed file as always, through
 * {@link #backend()}: a verification whose inputs are those of one already made (the same key,
 * the same signature bytes, the same message bytes) gives the kept outcome; any other
 * verification runs as usual. So a guess that was wrong (a file that is not canonical JSON, an
 * envelope member after {@code signed}, a signature object with other members) costs only the
 * time spent on it, never another decision.
 */
final class EarlySignatures {
  private static final byte[] START = ascii("{\"signatures\":[");
  private static final byte[] KEY_ID = ascii("{\"keyid\":\"");
  private static final byte[] SIG = ascii("\",\"sig\":\"");
  private static final byte[] SIGNATURE_END = ascii("\"}");
  private static final byte[] SIGNED = ascii(",\"signed\":");
  /** Longer key ids and signatures are not read ahead: 1024 bytes is an RSA-8192 signature. */
  private static final int MAX_KEY_ID_CHARS = 128;
  private static final int MAX_SIGNATURE_CHARS = 2048;

  private final byte[] file;
  private final int offset;
  private final int length;
  private final CryptoBackend backend;
  private final List<Early> verifications;

  /** One verification: a key, its verifier and signature, and once made, its outcome. */
  private static final class Early {
    final Key key;
    final SignatureVerifier verifier;
    final byte[] signature;
    Throwable failure; // null when valid; written before the task completes, read after

    Early(Key key, SignatureVerifier verifier, byte[] signature) {
      this.key = key;
      this.verifier = verifier;
      this.signature = signature;
    }

    boolean isFor(String keyType, String scheme, String publicValue) {
      return key.keyType().equals(keyType) && key.scheme().equals(scheme)
          && key.publicValue().orElseThrow().equals(publicValue);
    }
  }

  private EarlySignatures(byte[] file, int offset, int length, CryptoBackend backend,
      List<Early> verifications) {
    this.file = file;
    this.offset = offset;
    this.length = length;
    this.backend = backend;
    this.verifications = verifications;
  }

  /**
   * The verifications to make ahead of parsing {@code file}: one per signature in it by a key of
   * {@code keyIds} that {@code keys} holds and {@code backend} can verify with. Empty when the
   * envelope is not laid out as canonical JSON, or there is nothing to verify.
   */
  static Optional<EarlySignatures> of(byte[] file, Map<String, Key> keys,
      Collection<String> keyIds, CryptoBackend backend) {
    List<Early> verifications = new ArrayList<>();
    int at = expect(file, 0, START);
    if (at > 0 && at < file.length && file[at] == ']') {
      at++;
    } else {
      while (at > 0) {
        int idStart = expect(file, at, KEY_ID);
        int idEnd = plainEnd(file, idStart, MAX_KEY_ID_CHARS);
        int sigStart = expect(file, idEnd, SIG);
        int sigEnd = hexEnd(file, sigStart, MAX_SIGNATURE_CHARS);
        at = expect(file, sigEnd, SIGNATURE_END);
        if (at < 0 || at >= file.length || (sigEnd - sigStart) % 2 != 0) {
          return Optional.empty();
        }
        String keyId = new String(file, idStart, idEnd - idStart, US_ASCII);
        Key key = keys.get(keyId);
        if (key != null && keyIds.contains(keyId) && key.publicValue().isPresent()) {
          try {
            verifications.add(new Early(key,
                backend.verifier(key.keyType(), key.scheme(), key.publicValue().get()),
                HexFormat.of().parseHex(new String(file, sigStart, sigEnd - sigStart,
                    US_ASCII))));
          } catch (UnsupportedFeatureException | MalformedMetadataException e) {
            // The threshold check meets the same key and counts it out; nothing to do ahead.
          }
        }
        if (verifications.size() > keyIds.size()) {
          return Optional.empty(); // a key id twice: the parse refuses the file
        }
        byte next = file[at++];
        if (next == ']') {
          break;
        } else if (next != ',') {
          return Optional.empty();
        }
      }
    }
    int signedStart = expect(file, at, SIGNED);
    if (at < 0 || signedStart < 0 || signedStart >= file.length - 1
        || file[file.length - 1] != '}' || verifications.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new EarlySignatures(file, signedStart, file.length - 1 - signedStart,
        backend, verifications));
  }

  /** Makes every verification, keeping its outcome; throws nothing. */
  void verifyAll() {
    for (Early e : verifications) {
      try {
        e.verifier.verify(file, offset, length, e.signature);
      } catch (BadSignatureException | RuntimeException | Error failure) {
        e.failure = failure;
      }
    }
  }

  /**
   * The backend the threshold check uses once {@link #verifyAll} has completed: the kept outcome
   * for a verification with the same inputs, the underlying backend for any other.
   */
  CryptoBackend backend() {
    return new CryptoBackend() {
      @Override
      public String name() {
        return backend.name();
      }

      @Override
      public SignatureVerifier verifier(String keyType, String scheme, String publicValue)
          throws UnsupportedFeatureException, MalformedMetadataException {
        List<Early> made = new ArrayList<>(1);
        for (Early e : verifications) {
          if (e.isFor(keyType, scheme, publicValue)) {
            made.add(e);
          }
        }
        return made.isEmpty() ? backend.verifier(keyType, scheme, publicValue)
            : new Replaying(made);
      }
    };
  }

  /** A verifier that gives the outcome of a verification already made on the same inputs. */
  private final class Replaying implements SignatureVerifier {
    private final List<Early> made;

    Replaying(List<Early> made) {
      this.made = made;
    }

    @Override
    public void verify(byte[] message, int messageOffset, int messageLength, byte[] signature)
        throws BadSignatureException {
      // The parse keeps a copy of the file: the same message is the same bytes, compared.
      if (messageLength == length && Arrays.equals(message, messageOffset,
          messageOffset + messageLength, file, offset, offset + length)) {
        for (Early e : made) {
          if (Arrays.equals(e.signature, signature)) {
            if (e.failure == null) {
              return;
            } else if (e.failure instanceof BadSignatureException bad) {
              throw bad;
            } else if (e.failure instanceof RuntimeException runtime) {
              throw runtime;
            }
            throw (Error) e.failure;
          }
        }
      }
      made.get(0).verifier.verify(message, messageOffset, messageLength, signature);
    }

    @Override
    public byte[] publicKeyIdentity() {
      return made.get(0).verifier.publicKeyIdentity();
    }
  }

  /** The index after {@code expected} at {@code at}, or -1 (also for {@code at} of -1). */
  private static int expect(byte[] file, int at, byte[] expected) {
    if (at < 0 || file.length - at < expected.length) {
      return -1;
    }
    for (int i = 0; i < expected.length; i++) {
      if (file[at + i] != expected[i]) {
        return -1;
      }
    }
    return at + expected.length;
  }

  /** The index after the lower-case hex digits from {@code at}, at most {@code max}; or -1. */
  private static int hexEnd(byte[] file, int at, int max) {
    int end = at;
    while (at >= 0 && end < file.length && end - at <= max
        && ((file[end] >= '0' && file[end] <= '9') || (file[end] >= 'a' && file[end] <= 'f'))) {
      end++;
    }
    return at < 0 || end - at > max ? -1 : end;
  }

  /**
   * The index after the printable ASCII from {@code at} that a JSON string holds unescaped, at
   * most {@code max} characters; or -1.
   */
  private static int plainEnd(byte[] file, int at, int max) {
    int end = at;
    while (at >= 0 && end < file.length && end - at <= max && file[end] >= 0x20
        && file[end] < 0x7f && file[end] != '"' && file[end] != '\\') {
      end++;
    }
    return at < 0 || end - at > max ? -1 : end;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(US_ASCII);
  }
}
