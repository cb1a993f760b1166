package org.tuf4j.benchmarks;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.tuf4j.crypto.KeyPairSigner;
import org.tuf4j.crypto.Signer;
import org.tuf4j.metadata.Key;
import org.tuf4j.metadata.MetadataEncoding;
import org.tuf4j.metadata.RoleType;
import org.tuf4j.metadata.TargetFile;
import org.tuf4j.repository.FileSystemStorage;
import org.tuf4j.repository.RepositoryEditor;
import org.tuf4j.repository.RoleKeys;
import org.tuf4j.repository.Storage;
import org.tuf4j.uptane.DirectorPublication;
import org.tuf4j.uptane.DirectorRepository;
import org.tuf4j.uptane.EcuAssignment;
import org.tuf4j.uptane.UptaneTargetCustom;
import org.tuf4j.uptane.VehicleInventory;

/**
 * The Uptane Director's per-vehicle work (Uptane Standard #director_repository): in a fleet of N
 * registered vehicles, each already published once, one vehicle's assignment changes and its
 * targets, snapshot and timestamp are regenerated, signed (ed25519) and written; and the check a
 * Primary's poll costs when nothing changed. Vehicles are taken in turn, so each operation reads
 * a record that is not the previous one's.
 *
 * <p>{@code storage=memory} measures the Director itself; {@code storage=filesystem} adds
 * {@link FileSystemStorage}'s atomic, fsynced writes (setting up 10k vehicles on disk takes
 * minutes). The online keys are ed25519 {@link KeyPairSigner}s. {@code encoding} publishes
 * canonical JSON (the default), deterministic CBOR, or both.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DirectorBenchmark {
  @Param({"1000", "10000"})
  public int vehicles;

  @Param({"memory"})
  public String storage;

  /**
   * The encodings published per vehicle: {@code json}, {@code cbor}, or {@code both} side by
   * side (each file set signed on its own: twice the signatures).
   */
  @Param({"json"})
  public String encoding;

  private Path work;
  private DirectorRepository director;
  private final TargetFile[] images = new TargetFile[2];
  private int[] assigned;
  private int next;

  @Setup(Level.Trial)
  public void createFleet() throws Exception {
    work = Files.createTempDirectory("tuf4j-director-bench-");
    Clock clock = Clock.systemUTC();
    Map<RoleType, Signer> keys = new EnumMap<>(RoleType.class);
    Map<RoleType, RoleKeys> roles = new EnumMap<>(RoleType.class);
    for (RoleType t : RoleType.values()) {
      Signer s = KeyPairSigner.generate("ed25519");
      keys.put(t, s);
      roles.put(t, RoleKeys.of(key(s)));
    }
    FileSystemStorage rootRepository = FileSystemStorage.open(work.resolve("root"));
    Set<MetadataEncoding> encodings = switch (encoding) {
      case "json" -> Set.of(MetadataEncoding.JSON);
      case "cbor" -> Set.of(MetadataEncoding.CBOR);
      case "both" -> EnumSet.allOf(MetadataEncoding.class);
      default -> throw new IllegalArgumentException("encoding is json, cbor or both");
    };
    RepositoryEditor.create(rootRepository, clock, roles, true, encodings)
        .stage(List.copyOf(keys.values())).publish();
    director = DirectorRepository.builder().rootRepository(rootRepository).encodings(encodings)
        .published(storage("www")).inventory(storage("inventory")).clock(clock)
        .onlineSigners(List.of(keys.get(RoleType.TARGETS), keys.get(RoleType.SNAPSHOT),
            keys.get(RoleType.TIMESTAMP)))
        .build();
    for (int i = 0; i < images.length; i++) {
      byte[] content = ("ECU firmware " + i).getBytes(StandardCharsets.UTF_8);
      images[i] = RepositoryEditor.describeTarget("fw/ecu-" + i + ".bin",
          new ByteArrayInputStream(content), Optional.of(UptaneTargetCustom.builder()
              .hardwareIds(List.of("hw-ecu")).releaseCounter(i + 1).build().toJson()));
    }
    // ECU keys need only be unique within a vehicle.
    Key primaryKey = key(KeyPairSigner.generate("ed25519"));
    Key secondaryKey = key(KeyPairSigner.generate("ed25519"));
    assigned = new int[vehicles];
    for (int i = 0; i < vehicles; i++) {
      director.register(VehicleInventory.builder(vin(i)).primary("p-" + i, primaryKey, "hw-gw")
          .secondary("s-" + i, secondaryKey, "hw-ecu").build());
      director.setAssignments(vin(i), List.of(EcuAssignment.of("s-" + i, images[0])));
      director.generate(vin(i));
    }
  }

  private Storage storage(String name) throws IOException {
    return switch (storage) {
      case "memory" -> new MemoryStorage();
      case "filesystem" -> FileSystemStorage.open(work.resolve(name));
      default -> throw new IllegalArgumentException("storage is memory or filesystem");
    };
  }

  private static Key key(Signer s) {
    return Key.of(s.keyType(), s.scheme(), s.publicValue());
  }

  private static String vin(int i) {
    return String.format("VIN%014d", i);
  }

  @TearDown(Level.Trial)
  public void delete() throws IOException {
    SyntheticRepository.deleteTree(work);
  }

  /** One vehicle's ECU gets the other image; its metadata is regenerated (UPDATED). */
  @Benchmark
  public DirectorPublication regenerateAfterAssignmentChange() throws Exception {
    int i = next++ % vehicles;
    assigned[i] ^= 1;
    director.setAssignments(vin(i), List.of(EcuAssignment.of("s-" + i, images[assigned[i]])));
    return director.generate(vin(i));
  }

  /** A poll with nothing new: the vehicle's record and timestamp are read, nothing is signed. */
  @Benchmark
  public DirectorPublication regenerateUnchanged() throws Exception {
    return director.generate(vin(next++ % vehicles));
  }
}
