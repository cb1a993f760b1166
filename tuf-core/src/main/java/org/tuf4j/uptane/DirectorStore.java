package org.tuf4j.uptane;

import java.io.IOException;
import java.util.Optional;
import org.tuf4j.TufException;
import org.tuf4j.repository.Storage;

/**
 * Where a {@link DirectorRepository} keeps its state (Uptane Standard #inventory_db): one record
 * per vehicle — its ECUs and their keys, the images assigned to them, the versions last
 * published for it and the replay state of its manifests — and an index that keeps each ECU
 * serial registered to one vehicle.
 *
 * <p>Two stores come with tuf4j: {@link #files(Storage)}, the embedded default, for one process;
 * and {@code org.tuf4j.director.jdbc.PostgresDirectorStore} (module {@code tuf-director-jdbc}),
 * which several Director processes can share.
 *
 * <p>The contract a store keeps, on which the Director's guarantees rest (versions only
 * increase and are never issued twice; a report counter is accepted once, #director_repository
 * step 4; an ECU belongs to one vehicle):
 * <ul>
 *   <li>{@link #update} runs its work holding the vehicle exclusively against every other
 *       {@code update} of that vehicle by any Director that shares the store, and {@link
 *       #register} holds, besides, the fleet's ECU registrations against every other {@code
 *       register}; a call waits for the hold rather than failing at once;
 *   <li>the work's reads see every write of the updates that returned before the hold was
 *       taken;
 *   <li>the work's writes take effect together when it returns, and none of them when it throws
 *       (a store that cannot group writes, as {@link #files} cannot, says so: its writes take
 *       effect one by one, and the Director orders them so that a crash in between is
 *       repaired);
 *   <li>{@link #read} holds nothing and sees what committed updates wrote;
 *   <li>a unit of work writes only the record of the vehicle it holds, and only {@link
 *       #register} writes the ECU index: other writes fail with an {@link IOException}.
 * </ul>
 *
 * <p>Records are opaque bytes the Director writes and parses (canonical JSON today); a store
 * keeps them exactly. Vehicle identifiers are 1 to 64 characters of {@code [A-Za-z0-9._-]};
 * ECU serials are any non-empty string.
 */
public interface DirectorStore {
  /**
   * The embedded default: records as files in a private {@link Storage} ({@code
   * vehicles/<vehicle id>.json}, and {@code ecus/<sha256 of the serial>.json} for the ECU
   * index), holds taken inside this object — so one process, and one {@code DirectorStore} per
   * storage in it.
   *
   * @param storage the private storage, never served
   * @return the store
   */
  static DirectorStore files(Storage storage) {
    return new FileDirectorStore(storage);
  }

  /**
   * Runs {@code work} holding {@code vehicleId}; see the class's contract.
   *
   * @param vehicleId the vehicle the work reads and writes
   * @param work the work
   * @param <T> what the work returns
   * @return what the work returned
   * @throws TufException what the work threw (its writes then take no effect)
   * @throws IOException when the store cannot be reached, read or written, or what the work
   *     threw
   */
  <T> T update(String vehicleId, Work<T> work) throws TufException, IOException;

  /**
   * As {@link #update}, holding the fleet's ECU registrations too, so that an ECU serial checked
   * as free stays free until the work's writes take effect.
   *
   * @param vehicleId the vehicle the work registers or changes
   * @param work the work
   * @param <T> what the work returns
   * @return what the work returned
   * @throws TufException what the work threw (its writes then take no effect)
   * @throws IOException when the store cannot be reached, read or written, or what the work
   *     threw
   */
  <T> T register(String vehicleId, Work<T> work) throws TufException, IOException;

  /**
   * Runs read-only {@code work}, holding nothing; its writes are refused.
   *
   * @param work the work
   * @param <T> what the work returns
   * @return what the work returned
   * @throws TufException what the work threw
   * @throws IOException when the store cannot be reached or read, or what the work threw
   */
  <T> T read(Work<T> work) throws TufException, IOException;

  /**
   * Work on the records of a store, run by {@link #update}, {@link #register} or {@link #read}.
   *
   * @param <T> what the work returns
   */
  @FunctionalInterface
  interface Work<T> {
    /**
     * Does the work.
     *
     * @param records the records, valid only until this returns
     * @return the result
     * @throws TufException when the work fails
     * @throws IOException when the records cannot be read or written
     */
    T run(Records records) throws TufException, IOException;
  }

  /** The records one unit of {@link Work} reads and writes. */
  interface Records {
    /**
     * The vehicle's record.
     *
     * @param vehicleId the vehicle's identifier
     * @return the record as last written, or empty when there is none
     * @throws IOException when the store cannot be read
     */
    Optional<byte[]> vehicle(String vehicleId) throws IOException;

    /**
     * Writes the vehicle's record, replacing any.
     *
     * @param vehicleId the vehicle's identifier
     * @param record the record
     * @throws IOException when the store cannot be written, or inside {@link #read}
     */
    void putVehicle(String vehicleId, byte[] record) throws IOException;

    /**
     * The vehicle an ECU serial is indexed to.
     *
     * @param ecuSerial the ECU's serial
     * @return the vehicle's identifier, or empty when the serial is not indexed
     * @throws IOException when the store cannot be read
     */
    Optional<String> ecuVehicle(String ecuSerial) throws IOException;

    /**
     * Indexes an ECU serial to a vehicle, replacing any entry for the serial.
     *
     * @param ecuSerial the ECU's serial
     * @param vehicleId the vehicle's identifier
     * @throws IOException when the store cannot be written, or inside {@link #read}
     */
    void putEcu(String ecuSerial, String vehicleId) throws IOException;

    /**
     * Removes an ECU serial from the index, if it is there.
     *
     * @param ecuSerial the ECU's serial
     * @throws IOException when the store cannot be written, or inside {@link #read}
     */
    void removeEcu(String ecuSerial) throws IOException;
  }
}
