#!/usr/bin/env bash
# The whole JMH suite of issue 6, one benchmark class after another (never two at once: they
# would measure each other), JSON into benchmarks/results/, then the ratio report.
#
#   benchmarks/run-benchmarks.sh [CLASS ...]      (default: all of them, in the order below)
#
# Environment (optional):
#   JMH_OPTS        options for every class   (default "-f 1 -wi 3 -w 3s -i 5 -r 3s")
#   JVM_OPTS        options of the forked JVMs (default "-Xms8g -Xmx8g -XX:+AlwaysPreTouch": the
#                   1M-target repositories need a few GiB; a heap touched up front keeps page
#                   faults of a growing heap out of the timings, which on a small VM were as
#                   large as the work measured)
#   RESULTS_PREFIX  where the JSON goes      (default benchmarks/results/<today>)
#   SKIP_BUILD=1    use the benchmarks.jar already built
#   HTTP_SIZES      HttpRefreshBenchmark's target counts (default "1000 10000 100000"); the
#                   repositories are written once, by GenerateRepository --snapshot-lengths, into
#                   REPOS (default $TMPDIR/tuf4j-http-repos) and every client and fork reads them
#   STARTUP=1       then time the tuf command's start-up with benchmarks/startup.sh (needs the
#                   whole build: mvn -B -q -DskipTests package), into <prefix>-startup.txt
#   PEERS=1         then run benchmarks/peers/run-peers.sh too: python-tuf, tuf-js and tuf4j,
#                   cold processes and warm parse + verify, on the same files (its environment:
#                   SIZES, RUNS, QUICK, PYTUF_SRC, ...; see that script)
# A full run takes about an hour on 2 cores; write down the machine next to the numbers.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
jar="$root/benchmarks/target/benchmarks.jar"
jmh_opts=${JMH_OPTS:--f 1 -wi 3 -w 3s -i 5 -r 3s}
jvm_opts=${JVM_OPTS:--Xms8g -Xmx8g -XX:+AlwaysPreTouch}
prefix=${RESULTS_PREFIX:-$root/benchmarks/results/$(date +%F)}
classes=("$@")
if [[ ${#classes[@]} -eq 0 ]]; then
  classes=(SignatureBenchmark CanonicalJsonBenchmark RefreshBenchmark DownloadBenchmark
    LookupBenchmark WriterBenchmark DirectorBenchmark HttpRefreshBenchmark)
fi

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  (cd "$root" && mvn -B -q -pl benchmarks -am -DskipTests package)
fi

results=()
for c in "${classes[@]}"; do
  out="$prefix-$c.json"
  echo "== $c -> $out" >&2
  extra=()
  if [[ "$c" == HttpRefreshBenchmark ]]; then
    # The clients compared must read the same files: one set of repositories for every fork
    # (the benchmark refuses to run without them). Fresh each run: the timestamp expires in a day.
    repos=${REPOS:-${TMPDIR:-/tmp}/tuf4j-http-repos}
    http_sizes=${HTTP_SIZES:-1000 10000 100000}
    rm -rf "$repos"
    for n in $http_sizes; do
      java -cp "$jar" org.tuf4j.benchmarks.GenerateRepository --snapshot-lengths "$repos/$n" "$n"
    done
    extra=(-p "repositories=$repos" -p "targets=$(echo $http_sizes | tr ' ' ',')")
  fi
  # shellcheck disable=SC2086  # JMH_OPTS is a list of options
  # Anchored: a bare "RefreshBenchmark" would also run HttpRefreshBenchmark.
  java -jar "$jar" "org\.tuf4j\.benchmarks\.$c\." $jmh_opts -jvmArgs "$jvm_opts" \
    "${extra[@]}" -rf json -rff "$out" | tee "$prefix-$c.log"
  if [[ "$c" == HttpRefreshBenchmark ]]; then
    # What verified the signatures in each trial, beside the JSON (which records the
    # repositories and tuf4jBackend parameters).
    grep -o '# crypto: .*' "$prefix-$c.log" | sort -u > "$prefix-$c-crypto.txt"
  fi
  rm -f "$prefix-$c.log"
  results+=("$out")
done

echo "== peak heap of a 100k-target refresh" >&2
java -cp "$jar" org.tuf4j.benchmarks.RefreshMemory 100000 | tee "$prefix-RefreshMemory.txt"

java -cp "$jar" org.tuf4j.benchmarks.Report "${results[@]}"

if [[ "${STARTUP:-0}" == 1 ]]; then
  echo "== start-up of the tuf command (benchmarks/startup.sh)" >&2
  "$root/benchmarks/startup.sh" 2>&1 | tee "$prefix-startup.txt"
fi

if [[ "${PEERS:-0}" == 1 ]]; then
  echo "== peers: python-tuf, tuf-js, tuf4j (cold and warm, same files)" >&2
  SKIP_BUILD=1 "$root/benchmarks/peers/run-peers.sh"
fi
