package org.tuf4j.conformance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.tuf4j.crypto.KeyPairSigner;
import org.tuf4j.crypto.Signer;

/**
 * A key holder in another process: signs the bytes in a file with a PKCS#8 PEM key and writes
 * the signature as hex. Usage: {@code DetachedSignerMain KEY.pem SCHEME BYTES_FILE SIG_OUT}.
 * Run by {@link WriterOfflineSigningTest} as a separate JVM.
 */
public final class DetachedSignerMain {
  private DetachedSignerMain() {}

  public static void main(String[] args) throws Exception {
    Signer signer = KeyPairSigner.fromPkcs8Pem(Files.readString(Path.of(args[0])), args[1]);
    byte[] signature = signer.sign(Files.readAllBytes(Path.of(args[2])));
    Files.writeString(Path.of(args[3]), HexFormat.of().formatHex(signature));
  }
}
