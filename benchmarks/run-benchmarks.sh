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
  # shellcheck disable=SC2086  # JMH_OPTS is a list of options
  # Anchored: a bare "RefreshBenchmark" would also run HttpRefreshBenchmark.
  java -jar "$jar" "org\.tuf4j\.benchmarks\.$c\." $jmh_opts -jvmArgs "$jvm_opts" \
    -rf json -rff "$out"
  results+=("$out")
done

echo "== peak heap of a 100k-target refresh" >&2
java -cp "$jar" org.tuf4j.benchmarks.RefreshMemory 100000 | tee "$prefix-RefreshMemory.txt"

java -cp "$jar" org.tuf4j.benchmarks.Report "${results[@]}"
