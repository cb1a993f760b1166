#!/usr/bin/env bash
# Full first refresh over loopback HTTP, tuf4j against its peers, on the very same files:
#   1. builds benchmarks.jar (reactor build, nothing installed);
#   2. writes one synthetic repository per size with GenerateRepository --snapshot-lengths;
#   3. runs HttpRefreshBenchmark (tuf4j and sigstore-java, one JMH run) on those directories;
#   4. runs the tuf-js script on the same directories;
#   5. prints times and ratios (peer time / tuf4j time) per size.
#
#   benchmarks/peers/run-peers.sh [WORKDIR]
#
# Environment (all optional):
#   SIZES        target counts for the JVM clients      (default "1000 10000 100000")
#   TUFJS_SIZES  target counts for tuf-js                (default "1000 10000": tuf-js 5.0.1
#                takes minutes at 10k and, extrapolated, hours at 100k; see benchmarks/results)
#   JMH_OPTS     JMH options                             (default "-f 1 -wi 6 -w 5s -i 5 -r 5s")
#   JVM_OPTS     options of the forked JVMs              (default "-Xms6g -Xmx6g
#                -XX:+AlwaysPreTouch"; see run-benchmarks.sh)
#   TUFJS_RUNS / TUFJS_WARMUP  refreshes timed / discarded per size (default 10/3 up to 1000
#                targets, 2/0 above: one refresh of 10k targets takes minutes)
#   RESULTS_PREFIX  where the JSON goes (default benchmarks/results/<today>-http-refresh)
#   SKIP_BUILD=1 uses the benchmarks.jar already built
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
jar="$root/benchmarks/target/benchmarks.jar"
work=${1:-${TMPDIR:-/tmp}/tuf4j-peers}
sizes=${SIZES:-1000 10000 100000}
tufjs_sizes=${TUFJS_SIZES:-1000 10000}
jmh_opts=${JMH_OPTS:--f 1 -wi 6 -w 5s -i 5 -r 5s}
jvm_opts=${JVM_OPTS:--Xms6g -Xmx6g -XX:+AlwaysPreTouch}
prefix=${RESULTS_PREFIX:-$root/benchmarks/results/$(date +%F)-http-refresh}

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  (cd "$root" && mvn -B -q -pl benchmarks -am -DskipTests package)
fi

# Fresh repositories every run: the synthetic timestamp expires after a day.
rm -rf "$work/repos"
mkdir -p "$work/repos"
for n in $sizes $tufjs_sizes; do
  [[ -d "$work/repos/$n" ]] && continue
  java -cp "$jar" org.tuf4j.benchmarks.GenerateRepository --snapshot-lengths "$work/repos/$n" "$n"
done

echo "== JMH: HttpRefreshBenchmark (tuf4j, sigstore-java) on $work/repos" >&2
# shellcheck disable=SC2086  # JMH_OPTS is a list of options
java -jar "$jar" HttpRefreshBenchmark -p "targets=$(echo $sizes | tr ' ' ',')" \
  -p "repositories=$work/repos" $jmh_opts -jvmArgs "$jvm_opts" -rf json -rff "$prefix-jvm.json"

echo "== tuf-js on the same directories" >&2
npm --prefix "$here/tuf-js" ci --no-audit --no-fund >&2
tufjs_out="$prefix-tuf-js.json"
{
  echo "["
  first=1
  for n in $tufjs_sizes; do
    if (( n <= 1000 )); then runs=${TUFJS_RUNS:-10}; warmup=${TUFJS_WARMUP:-3}
    else runs=${TUFJS_RUNS:-2}; warmup=${TUFJS_WARMUP:-0}; fi
    echo "tuf-js: $n targets, $warmup warm-up + $runs timed refreshes" >&2
    (( first )) || echo ","
    first=0
    node "$here/tuf-js/refresh-bench.mjs" "$work/repos/$n" --runs "$runs" --warmup "$warmup"
  done
  echo "]"
} > "$tufjs_out"

python3 "$here/peers-table.py" "$prefix-jvm.json" "$tufjs_out"
