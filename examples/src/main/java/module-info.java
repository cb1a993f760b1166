/**
 * Runnable programs that use tuf4j as an application does: {@link org.tuf4j.examples.Demo}, a
 * complete signed update over loopback HTTP, {@link org.tuf4j.examples.VehicleDemo}, the
 * Uptane flow of a vehicle, and {@link org.tuf4j.examples.FleetAgent}, a device's update agent
 * printing its security events as JSON lines; and {@link org.tuf4j.examples.ota.OtaServer}, an
 * OTA server embedding the Uptane Director over HTTP, its state on disk or in PostgreSQL.
 */
module org.tuf4j.examples {
  requires org.tuf4j;
  requires org.tuf4j.loopback;
  requires org.tuf4j.director.jdbc;
  requires org.tuf4j.storage.s3;
  requires com.zaxxer.hikari;
  requires software.amazon.awssdk.regions;
  requires jdk.httpserver;

  exports org.tuf4j.examples;
  exports org.tuf4j.examples.ota;
}
