package org.tuf4j.conformance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tuf4j.TufException;
import org.tuf4j.encoding.CanonicalJson;
import org.tuf4j.encoding.JsonValue;
import org.tuf4j.encoding.JsonValue.JsonObject;
import org.tuf4j.encoding.JsonValue.JsonString;
import org.tuf4j.metadata.MetadataEncoding;
import org.tuf4j.testing.Fixtures;

/**
 * The size of every fixture metadata file in each encoding (the Uptane issue's compact
 * encoding): as received, in canonical JSON (TUF spec §4.2), in deterministic CBOR (RFC 8949
 * §4.2.1) of the same data model. Hashes, key ids and signatures stay hex text in both.
 *
 * <p>Signatures over the CBOR form have the same length as those over JSON for ed25519 and RSA,
 * and within a byte or two for ECDSA (DER), so the CBOR column is what a CBOR file of the same
 * content weighs. Run {@link #main} (test class path) to print the table.
 */
public final class MetadataEncodingSizes {
  private MetadataEncodingSizes() {}

  /** One file's sizes in bytes. */
  public record Row(String file, String type, int received, int canonicalJson, int cbor) {
    double cborVsCanonical() {
      return percent(cbor, canonicalJson);
    }

    double cborVsReceived() {
      return percent(cbor, received);
    }
  }

  /** Measures every TUF metadata file of the fixtures. */
  public static List<Row> measure() throws IOException, TufException {
    List<Row> rows = new ArrayList<>();
    for (Path file : Fixtures.tufMetadataFiles()) {
      byte[] received = Files.readAllBytes(file);
      JsonValue value = CanonicalJson.parse(received);
      String type = value instanceof JsonObject o && o.get("signed") instanceof JsonObject s
          && s.get("_type") instanceof JsonString t ? t.value() : "?";
      rows.add(new Row(Fixtures.root().relativize(file).toString(), type, received.length,
          MetadataEncoding.JSON.encode(value).length, MetadataEncoding.CBOR.encode(value).length));
    }
    return rows;
  }

  /** A Markdown table of {@code rows} with a total line. */
  public static String table(List<Row> rows) {
    StringBuilder out = new StringBuilder();
    out.append("| file | _type | JSON as received | canonical JSON | deterministic CBOR"
        + " | CBOR vs canonical | CBOR vs received |\n|---|---|---:|---:|---:|---:|---:|\n");
    long received = 0;
    long canonical = 0;
    long cbor = 0;
    for (Row r : rows) {
      out.append(String.format("| %s | %s | %d | %d | %d | %+.1f%% | %+.1f%% |%n", r.file(),
          r.type(), r.received(), r.canonicalJson(), r.cbor(), r.cborVsCanonical(),
          r.cborVsReceived()));
      received += r.received();
      canonical += r.canonicalJson();
      cbor += r.cbor();
    }
    out.append(String.format("| **all %d files** | | %d | %d | %d | %+.1f%% | %+.1f%% |%n",
        rows.size(), received, canonical, cbor, percent(cbor, canonical),
        percent(cbor, received)));
    return out.toString();
  }

  private static double percent(long size, long reference) {
    return 100.0 * (size - reference) / reference;
  }

  public static void main(String[] args) throws Exception {
    System.out.print(table(measure()));
  }
}
