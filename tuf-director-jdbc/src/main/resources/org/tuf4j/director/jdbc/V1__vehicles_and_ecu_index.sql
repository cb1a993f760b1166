-- tuf4j Director state, schema version 1: one record per vehicle (canonical JSON bytes, kept
-- exactly as the Director wrote them) and the index that keeps an ECU serial registered to
-- one vehicle. The primary key on the serial is the database's own guard of that rule.
CREATE TABLE tuf4j_director_vehicle (
  vin        varchar(64) PRIMARY KEY,
  record     bytea       NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Deferred: a registration indexes its ECUs before it writes the vehicle's record.
CREATE TABLE tuf4j_director_ecu (
  serial text        PRIMARY KEY,
  vin    varchar(64) NOT NULL REFERENCES tuf4j_director_vehicle (vin)
                     DEFERRABLE INITIALLY DEFERRED
);

CREATE INDEX tuf4j_director_ecu_vin ON tuf4j_director_ecu (vin);
