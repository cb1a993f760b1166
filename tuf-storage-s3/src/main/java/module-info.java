/**
 * Repository storage on Amazon S3 and S3-compatible object stores: {@link
 * org.tuf4j.storage.s3.S3Storage}, a {@link org.tuf4j.repository.Storage} for tuf4j's repository
 * writer on the AWS SDK for Java 2.x.
 *
 * <p>The SDK's jars are automatic modules (named by their {@code Automatic-Module-Name}); {@code
 * software.amazon.awssdk.services.s3} is required transitively because {@link
 * org.tuf4j.storage.s3.S3Storage#builder} takes its {@code S3Client}. The SDK finds its HTTP
 * client as a service: this module's Maven dependencies bring the JDK-based {@code
 * url-connection-client} ({@code software.amazon.awssdk.http.urlconnection}).
 */
@SuppressWarnings("module") // the name ends with s3, its digit included
module org.tuf4j.storage.s3 {
  requires transitive org.tuf4j;
  requires transitive software.amazon.awssdk.services.s3;
  requires software.amazon.awssdk.core;
  // The SDK logs through SLF4J, which its automatic modules cannot require: required here so
  // that a module-path launch resolves org.slf4j (slf4j-api 2 is an explicit module, which is
  // resolved only when some module requires it).
  requires org.slf4j;

  exports org.tuf4j.storage.s3;
}
