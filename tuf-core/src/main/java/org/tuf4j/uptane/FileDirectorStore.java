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
  private final FileRecords writable = new FileRecords(true);
  private final FileRecords readOnly = new FileRecords(false);

  FileDirectorStore(Storage storage) {
    this.storage = storage;
    for (int i = 0; i < LOCK_STRIPES; i++) {
      locks[i] = new Object();
    }
  }

  @Override
  public <T> T update(String vehicleId, Work<T> work) throws TufException, IOException {
    synchronized (lock(vehicleId)) {
      return work.run(writable);
    }
  }

  @Override
  public <T> T register(String vehicleId, Work<T> work) throws TufException, IOException {
    synchronized (registrationLock) {
      return update(vehicleId, work);
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

  private final class FileRecords implements Records {
    private final boolean writes;

    FileRecords(boolean writes) {
      this.writes = writes;
    }

    @Override
    public Optional<byte[]> vehicle(String vehicleId) throws IOException {
      return storage.read(recordPath(vehicleId));
    }

    @Override
    public void putVehicle(String vehicleId, byte[] record) throws IOException {
      storage.write(recordPath(checkWritable(vehicleId)), record);
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
      storage.write(ecuIndexPath(checkWritable(ecuSerial)), CanonicalJson.encodeForFile(
          new JsonWriter(Map.of()).put("serial", ecuSerial).put("vin", vehicleId).build()));
    }

    @Override
    public void removeEcu(String ecuSerial) throws IOException {
      storage.delete(ecuIndexPath(checkWritable(ecuSerial)));
    }

    private String checkWritable(String key) throws IOException {
      if (!writes) {
        throw new IOException("records are read-only in DirectorStore.read");
      }
      return key;
    }
  }
}
