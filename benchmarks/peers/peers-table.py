#!/usr/bin/env python3
"""Prints refresh times and ratios (peer time / tuf4j time) per repository size.

    python3 benchmarks/peers/peers-table.py JMH_JSON [TUFJS_JSON]

JMH_JSON: HttpRefreshBenchmark results (-rf json). TUFJS_JSON: a list of refresh-bench.mjs
results. Standard library only. JMH errors are its 99.9% confidence half-widths; tuf-js
errors are sample standard deviations; a ratio's error combines the relative errors of both.
"""
import json
import math
import sys


def number(x):
    """JMH writes "NaN" (a string) for the error of a single iteration."""
    try:
        return float(x)
    except (TypeError, ValueError):
        return float("nan")


def ratio(peer, peer_err, base, base_err):
    r = peer / base
    rel = math.hypot(peer_err / peer, base_err / base)
    return r, r * rel


def fmt(value, err, digits=1):
    if err is None or math.isnan(err):
        return f"{value:.{digits}f}"
    return f"{value:.{digits}f} ± {err:.{digits}f}"


def main(argv):
    if len(argv) not in (2, 3):
        print(__doc__, file=sys.stderr)
        return 2
    jvm = {}
    for r in json.load(open(argv[1])):
        if not r["benchmark"].endswith("HttpRefreshBenchmark.refresh"):
            continue
        p = r["params"]
        m = r["primaryMetric"]
        if m["scoreUnit"] != "ms/op":
            raise SystemExit("expected ms/op, got " + m["scoreUnit"])
        jvm[(int(p["targets"]), p["client"])] = (float(m["score"]), number(m["scoreError"]))
    tufjs = {}
    if len(argv) == 3:
        for r in json.load(open(argv[2])):
            tufjs[int(r["targets"])] = (r["meanMs"], r["stddevMs"], r["runs"])

    sizes = sorted({n for n, _ in jvm} | set(tufjs))
    header = ["targets", "tuf4j ms", "sigstore-java ms", "sigstore/tuf4j", "tuf-js ms (n)",
              "tuf-js/tuf4j"]
    rows = []
    for n in sizes:
        base = jvm.get((n, "tuf4j"))
        sig = jvm.get((n, "sigstore-java"))
        js = tufjs.get(n)
        row = [str(n), fmt(*base) if base else "-", fmt(*sig) if sig else "-"]
        row.append(fmt(*ratio(sig[0], sig[1], base[0], base[1]), 2) if base and sig else "-")
        row.append(f"{fmt(js[0], js[1])} ({js[2]})" if js else "not run")
        row.append(fmt(*ratio(js[0], js[1], base[0], base[1]), 2) if base and js else "-")
        rows.append(row)
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]
    line = lambda cells: "  ".join(c.rjust(w) for c, w in zip(cells, widths))
    print(line(header))
    for r in rows:
        print(line(r))
    print("ratio > 1: the peer is slower than tuf4j.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
