"""Warm parse + verify of a repository's top-level targets.json with python-tuf, for
benchmarks/peers/run-peers.sh: ngclient's TrustedMetadataSet.update_targets on a set that
already trusts the root, timestamp and snapshot (length and hashes against the snapshot, parse,
signature threshold, version, expiry), again and again on the same bytes, timed with
time.perf_counter as timeit does. What org.tuf4j.benchmarks.WarmParseVerify does on the tuf4j
side. Prints one JSON line: the time of each measured call, in ms.

  PYTHONPATH=PYTHON_TUF:SECURESYSTEMSLIB /usr/bin/python3 warm_targets.py REPO_DIR \\
      WARMUP_SECONDS MEASURE_SECONDS [MIN_CALLS]

At least one warm-up call and MIN_CALLS (default 3) measured calls, however long they take.
"""

import gc
import json
import os
import sys
import time


def main(argv):
    if len(argv) not in (4, 5):
        print(__doc__, file=sys.stderr)
        return 2
    metadata = os.path.join(argv[1], "metadata")
    warmup_s, measure_s = float(argv[2]), float(argv[3])
    min_calls = int(argv[4]) if len(argv) == 5 else 3
    from tuf.api.metadata import Metadata
    from tuf.ngclient._internal.trusted_metadata_set import TrustedMetadataSet
    from tuf.ngclient.config import EnvelopeType

    def read(name):
        with open(os.path.join(metadata, name), "rb") as f:
            return f.read()

    root = read("1.root.json")
    timestamp = read("timestamp.json")
    snapshot_version = Metadata.from_bytes(timestamp).signed.snapshot_meta.version
    snapshot = read(f"{snapshot_version}.snapshot.json")
    targets_version = Metadata.from_bytes(snapshot).signed.meta["targets.json"].version
    targets = read(f"{targets_version}.targets.json")

    trusted = TrustedMetadataSet(root, EnvelopeType.METADATA)
    trusted.update_timestamp(timestamp)
    trusted.update_snapshot(snapshot)
    entries = len(trusted.update_targets(targets).targets)

    # timeit turns the collector off while timing; so does this.
    gc.disable()
    end = time.perf_counter() + warmup_s
    warmup_calls = 1
    while time.perf_counter() < end:
        trusted.update_targets(targets)
        warmup_calls += 1
    samples = []
    end = time.perf_counter() + measure_s
    while len(samples) < min_calls or time.perf_counter() < end:
        start = time.perf_counter()
        trusted.update_targets(targets)
        samples.append(round((time.perf_counter() - start) * 1000, 3))
    print(json.dumps({"client": "python-tuf", "targets": entries, "bytes": len(targets),
                      "warmupCalls": warmup_calls, "samplesMs": samples}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
