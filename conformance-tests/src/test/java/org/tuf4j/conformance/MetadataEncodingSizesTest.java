package org.tuf4j.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tuf4j.encoding.CanonicalJson;
import org.tuf4j.encoding.DeterministicCbor;
import org.tuf4j.metadata.MetadataEncoding;
import org.tuf4j.metadata.RoleMetadata;
import org.tuf4j.metadata.Signed;
import org.tuf4j.testing.Fixtures;

/**
 * Measures every fixture's metadata in both encodings (the Uptane issue's compact encoding, RFC
 * 8949 §4.2.1 next to TUF spec §4.2) and writes the table to {@code
 * target/metadata-encoding-sizes.md}; checks that the CBOR measured is the file the writer would
 * publish for the same content, and that it is smaller.
 */
class MetadataEncodingSizesTest {

  @Test
  void everyFixtureIsMeasuredInBothEncodingsAndCborIsSmaller() throws Exception {
    List<MetadataEncodingSizes.Row> rows = MetadataEncodingSizes.measure();
    assertEquals(Fixtures.tufMetadataFiles().size(), rows.size());
    assertTrue(rows.size() >= 40, "fixtures: " + rows.size());
    for (MetadataEncodingSizes.Row r : rows) {
      assertTrue(r.cbor() < r.canonicalJson(), r.toString());
      assertTrue(r.canonicalJson() <= r.received(), r.toString());
    }
    String table = MetadataEncodingSizes.table(rows);
    Files.writeString(Path.of("target", "metadata-encoding-sizes.md"), table);
    System.out.print(table);
  }

  /** The model written in CBOR is exactly the data model's CBOR: the column measures it. */
  @Test
  void theCborMeasuredIsWhatTheModelWrites() throws Exception {
    for (Path file : Fixtures.tufMetadataFiles()) {
      byte[] json = Files.readAllBytes(file);
      Signed<RoleMetadata> md;
      try {
        md = Signed.parseAny(json);
      } catch (org.tuf4j.MalformedMetadataException notSpecDates) {
        continue; // Sigstore roots 1-3 (FixtureRoundTripTest): measured at the codec level only
      }
      byte[] cbor = DeterministicCbor.encode(CanonicalJson.parse(json));
      Signed<RoleMetadata> asCbor = Signed.of(md.signed(), md.signatures(),
          MetadataEncoding.CBOR);
      assertArrayEquals(cbor, asCbor.toBytes(), file.toString());
    }
  }
}
