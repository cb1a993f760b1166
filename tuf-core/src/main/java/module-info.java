/**
 * tuf4j: The Update Framework (TUF specification 1.0.34) and Uptane for the JVM.
 *
 * <p>Every package is public API: the exceptions ({@link org.tuf4j}), the client workflow of
 * spec §5 ({@link org.tuf4j.client}), keys and signature schemes ({@link org.tuf4j.crypto}),
 * canonical JSON and deterministic CBOR ({@link org.tuf4j.encoding}), the metadata model of
 * spec §4 ({@link org.tuf4j.metadata}), the repository writer ({@link org.tuf4j.repository}),
 * key files and PKCS#11 tokens ({@link org.tuf4j.signer}), Uptane ({@link org.tuf4j.uptane}) and
 * the threshold and metadata checks ({@link org.tuf4j.verify}). Types internal to a package are
 * package-private, so each package is exported whole; helpers several packages share live in
 * {@code org.tuf4j.internal}, which is not exported.
 *
 * <p>On the module path, add {@code com.fasterxml.jackson.databind} (jackson-databind, the
 * version of jackson-core): tuf4j uses only Jackson's streaming CBOR parser and generator and
 * never loads databind, so its Maven dependencies leave databind out, but the module descriptor
 * of {@code com.fasterxml.jackson.dataformat.cbor} requires it. PKCS#11 signing
 * ({@link org.tuf4j.signer.Pkcs11Token}) needs the JDK's {@code jdk.crypto.cryptoki}, which the
 * JDK resolves as a {@link java.security.Provider} service; a {@code jlink} image must add it.
 */
module org.tuf4j {
  requires com.fasterxml.jackson.core;
  requires com.fasterxml.jackson.dataformat.cbor;
  requires org.bouncycastle.provider;
  requires org.bouncycastle.pkix;
  requires org.bouncycastle.util;
  requires transitive java.net.http;

  exports org.tuf4j;
  exports org.tuf4j.client;
  exports org.tuf4j.crypto;
  exports org.tuf4j.encoding;
  exports org.tuf4j.metadata;
  exports org.tuf4j.repository;
  exports org.tuf4j.signer;
  exports org.tuf4j.uptane;
  exports org.tuf4j.verify;
  // For the tuf command only (its temporary files); no other module sees the helpers.
  exports org.tuf4j.internal to org.tuf4j.cli;

  uses org.tuf4j.signer.SignerProvider;
}
