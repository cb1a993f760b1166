/**
 * Runnable programs that use tuf4j as an application does: {@link org.tuf4j.examples.Demo}, a
 * complete signed update over loopback HTTP, {@link org.tuf4j.examples.VehicleDemo}, the
 * Uptane flow of a vehicle, and {@link org.tuf4j.examples.FleetAgent}, a device's update agent
 * printing its security events as JSON lines.
 */
module org.tuf4j.examples {
  requires org.tuf4j;
  requires org.tuf4j.loopback;

  exports org.tuf4j.examples;
}
