package org.tuf4j.uptane;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.tuf4j.TufException;
import org.tuf4j.encoding.CanonicalJson;
import org.tuf4j.internal.JsonFields;
import org.tuf4j.internal.JsonWriter;
import org.tuf4j.internal.Sha256;
import org.tuf4j.repository.Storage;

/**
 * {@link DirectorStore#files}: records as files of a private {@link Storage}, each write atomic
 * on its own; holds are striped monitors of this object, so one process only.
 */
final class FileDirectorStore implements DirectorStore {
  private static final int LOCK_STRIPES = 64;

  private final Storage storage;
  private final Object[] locks = new Object[LOCK_STRIPES];
  private final Object registrationLock = new Object();
  private final FileRecords readOnly = new FileRecords(null, false);

  FileDirectorStore(Storage storage) {
    this.storage = storage;
    for (int i = 0; i < LOCK_STRIPES; i++) {
      locks[i] = new Object();
    }
  }

  @Override
  public <T> T update(String vehicleId, Work<T> work) throws TufException, IOException {
    synchronized (lock(vehicleId)) {
      return work.run(new FileRecords(vehicleId, false));
    }
  }

  @Override
  public <T> T register(String vehicleId, Work<T> work) throws TufException, IOException {
    synchronized (registrationLock) {
      synchronized (lock(vehicleId)) {
        return work.run(new FileRecords(vehicleId, true));
      }
    }
  }

  @Override
  public <T> T read(Work<T> work) throws TufException, IOException {
    return work.run(readOnly);
  }

  private Object lock(String vehicleId) {
    return locks[Math.floorMod(vehicleId.hashCode(), LOCK_STRIPES)];
  }

  private static String recordPath(String vehicleId) {
    DirectorInventory.requireVehicleId(vehicleId);
    return "vehicles/" + vehicleId + ".json";
  }

  private static String ecuIndexPath(String ecuSerial) {
    return "ecus/" + Sha256.hex(ecuSerial.getBytes(StandardCharsets.UTF_8)) + ".json";
  }

  /** The records of one unit of work, writing only what its holds cover. */
  private final class FileRecords implements Records {
    private final String heldVehicle;
    private final boolean registrations;

    FileRecords(String heldVehicle, boolean registrations) {
      this.heldVehicle = heldVehicle;
      this.registrations = registrations;
    }

    @Override
    public Optional<byte[]> vehicle(String vehicleId) throws IOException {
      return storage.read(recordPath(vehicleId));
    }

    @Override
    public void putVehicle(String vehicleId, byte[] record) throws IOException {
      if (!vehicleId.equals(heldVehicle)) {
        throw new IOException("a unit of work writes only the vehicle it holds ("
            + (heldVehicle == null ? "none: read-only" : heldVehicle) + "), not " + vehicleId);
      }
      storage.write(recordPath(vehicleId), record);
    }

    @Override
    public Optional<String> ecuVehicle(String ecuSerial) throws IOException {
      Optional<byte[]> entry = storage.read(ecuIndexPath(ecuSerial));
      if (entry.isEmpty()) {
        return Optional.empty();
      }
      try {
        JsonFields f = JsonFields.of(CanonicalJson.parse(entry.get()), "ecu index");
        // another serial with the same digest: never in practice
        return f.identifier("serial").equals(ecuSerial) ? Optional.of(f.identifier("vin"))
            : Optional.empty();
      } catch (TufException e) {
        throw new IOException("ECU index entry " + ecuIndexPath(ecuSerial) + " is corrupt: "
            + e.getMessage(), e);
      }
    }

    @Override
    public void putEcu(String ecuSerial, String vehicleId) throws IOException {
      storage.write(ecuIndexPath(requireRegistrations(ecuSerial)), CanonicalJson.encodeForFile(
          new JsonWriter(Map.of()).put("serial", ecuSerial).put("vin", vehicleId).build()));
    }

    @Override
    public void removeEcu(String ecuSerial) throws IOException {
      storage.delete(ecuIndexPath(requireRegistrations(ecuSerial)));
    }

    private String requireRegistrations(String ecuSerial) throws IOException {
      if (!registrations) {
        throw new IOException("ECU " + ecuSerial + ": the ECU index is written only by a unit "
            + "of work that holds the registrations (DirectorStore.register)");
      }
      return ecuSerial;
    }
  }
}
