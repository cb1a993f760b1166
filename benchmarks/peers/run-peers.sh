#!/usr/bin/env bash
# tuf4j beside python-tuf 5.1.0 and tuf-js (pinned) on the very same files, one command:
#   1. builds benchmarks.jar and tuf-core's client class path (reactor build, nothing installed);
#   2. writes the repositories once with GenerateRepository --snapshot-lengths: SIZES targets
#      listed by the top-level targets role, and BIG targets in 2^BIG_BITS TAP 15 hash bins;
#   3. serves them from one loopback HTTP server (tuf4j's LoopbackServer) for every client;
#   4. COLD: one client process per first refresh into an empty metadata directory (the trusted
#      root copied in first), counting the targets, or looking one up in the hash-bin repository;
#      wall-clock time and peak RSS of each process;
#   5. WARM: per size, one process per client that runs the trusted set's update-targets step
#      (hashes, parse, signatures, version, expiry) on targets.json again and again (python:
#      perf_counter loop with the collector off, as timeit; tuf4j: a loop after JIT warm-up);
#   6. interleaved runs (A B, then B A), medians of RUNS paired runs, and the ratios table of
#      issue 20's goals (cold ratio per size, warm ratio per size, peak RSS).
# Prints the table; writes RESULTS_PREFIX.json (every process's figures, machine, versions,
# commands, crypto) and RESULTS_PREFIX.txt (the table and the conditions).
#
#   benchmarks/peers/run-peers.sh [WORKDIR]          (default $TMPDIR/tuf4j-peers)
#
# Environment (all optional):
#   RUNS          paired cold runs (default 5); WARM_RUNS paired warm processes (default RUNS)
#   SIZES         cold and warm target counts    (default "1000 10000 100000")
#   WARM_SIZES    warm target counts             (default SIZES; "" skips the warm part)
#   BIG, BIG_BITS the hash-bin repository and its bin bits (default 1000000 and 12: 4096 bins
#                 of ~244 targets); BIG=0 skips it. BIG_TARGET is the path looked up (default
#                 pkgs/pkg-777777.tar.gz, or entry BIG/2+1 when BIG is smaller)
#   TUFJS_SIZES   sizes tuf-js runs cold         (default "1000": tuf-js 5.0.1 is quadratic in a
#                 targets file's entries, ~1 min per refresh at 10k, hours at 100k)
#   TUFJS_BIG=0   leaves tuf-js out of the hash-bin lookup; TUFJS=0 leaves tuf-js out entirely
#                 (so does a Node older than 20, with a message)
#   PYTUF_SRC     python-tuf source tree (default ../shared/peers/python-tuf beside the
#                 checkout); SSLIB_SRC securesystemslib's (default beside PYTUF_SRC). Absent:
#                 python-tuf is skipped, with a message
#   PYTHON        the interpreter for python-tuf (default /usr/bin/python3: Debian's, with
#                 python3-cryptography)
#   TUF4J_LAUNCH  how the cold tuf4j process starts: documented (default: as the README's
#                 "Starting fast in a short-lived process" says, a class-data-sharing archive
#                 written by one unmeasured training run, C1 only, -XX:+UseSerialGC -Xms8m) or
#                 plain (java -cp, nothing else: what an application that embeds tuf4j gets
#                 without trying)
#   TUF4J_JAVA_OPTS  more JVM options of the tuf4j client processes, after those (default
#                 none); TUF4J_BACKEND default|jdk|bouncycastle (default: default, tuf4j's own
#                 choice per scheme)
#   WARM_SECONDS / MEASURE_SECONDS  tuf4j's JIT warm-up and both clients' timed seconds per
#                 warm process (default 3 / 2; each process makes at least 3 or 5 timed calls)
#   QUICK=1       smoke mode, about a minute: SIZES=1000, BIG=4096 in 16 bins, RUNS=1, short
#                 warm-up; the figures mean nothing, the pipeline is checked end to end
#   RESULTS_PREFIX  default benchmarks/results/<today>-peers (QUICK: WORKDIR/quick-peers)
#   NOTE          a line about the conditions (say, "machine shared with other builds"),
#                 written at the top of the .txt and into the .json
#   SKIP_BUILD=1  use the jars already built; FRESH=1 rewrites repositories an earlier run left
#                 in WORKDIR (reused for 12 hours otherwise)
#   JMH=1         then also run HttpRefreshBenchmark (tuf4j and sigstore-java, in process, JMH)
#                 on the same repositories: JMH_OPTS (default "-f 1 -wi 6 -w 5s -i 5 -r 5s"),
#                 JVM_OPTS (default "-Xms6g -Xmx6g -XX:+AlwaysPreTouch"), RESULTS_PREFIX-jvm.json
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
jar="$root/benchmarks/target/benchmarks.jar"
work=${1:-${TMPDIR:-/tmp}/tuf4j-peers}

if [[ "${QUICK:-0}" == 1 ]]; then
  : "${RUNS:=1}" "${SIZES:=1000}" "${BIG:=4096}" "${BIG_BITS:=4}"
  : "${WARM_SECONDS:=1}" "${MEASURE_SECONDS:=0.5}"
  : "${RESULTS_PREFIX:=$work/quick-peers}"
fi
export RUNS=${RUNS:-5}
export WARM_RUNS=${WARM_RUNS:-$RUNS}
export SIZES=${SIZES:-1000 10000 100000}
export WARM_SIZES=${WARM_SIZES-$SIZES}
export BIG=${BIG:-1000000}
export BIG_BITS=${BIG_BITS:-12}
if (( BIG > 777777 )); then default_target=pkgs/pkg-777777.tar.gz
else default_target=pkgs/pkg-$(( BIG / 2 + 1 )).tar.gz; fi
export BIG_TARGET=${BIG_TARGET:-$default_target}
export TUFJS_SIZES=${TUFJS_SIZES:-1000}
export WARM_SECONDS=${WARM_SECONDS:-3}
export MEASURE_SECONDS=${MEASURE_SECONDS:-2}
export RESULTS_PREFIX=${RESULTS_PREFIX:-$root/benchmarks/results/$(date -u +%F)-peers}
export PYTHON=${PYTHON:-/usr/bin/python3}

pytuf=${PYTUF_SRC:-$root/../shared/peers/python-tuf}
if [[ -d "$pytuf/tuf" ]]; then
  export PYTUF_SRC=$pytuf
  export SSLIB_SRC=${SSLIB_SRC:-$(dirname "$pytuf")/securesystemslib}
else
  echo "python-tuf: no source tree at '$pytuf' (set PYTUF_SRC); python-tuf is skipped" >&2
  export PYTUF_SRC=
fi

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  (cd "$root" && mvn -B -q -pl benchmarks -am -DskipTests -Dmaven.javadoc.skip package)
fi
# tuf-core and its runtime dependencies (benchmarks/target/client-lib, made by the build), and
# the three small client classes: the tuf4j processes load nothing of JMH or sigstore-java.
# The benchmarks module's own jar, not target/classes: class-data sharing archives only
# classes from jars (see TUF4J_LAUNCH in peers.py).
TUF4J_CLIENT_CP=$(ls "$root"/benchmarks/target/benchmarks-*.jar | grep -v -- '-sources\|-javadoc' | head -1)
for j in "$root"/benchmarks/target/client-lib/*.jar; do TUF4J_CLIENT_CP+=":$j"; done
export TUF4J_CLIENT_CP BENCH_JAR=$jar

# tuf-js 5.0.1 needs Node 20.17+ (its engines field); with an older Node or none, or without
# npm, it is skipped with a message rather than failing the whole run.
if [[ "${TUFJS:-1}" == 1 ]]; then
  node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
  if (( node_major < 20 )) || ! command -v npm >/dev/null 2>&1; then
    echo "tuf-js: needs Node 20+ and npm (found node major '$node_major'); tuf-js is skipped" >&2
    TUFJS=0
  else
    npm --prefix "$here/tuf-js" ci --no-audit --no-fund >&2
  fi
fi
export TUFJS=${TUFJS:-1}

# Written before any measurement, by one generator, so every client reads the very same bytes.
# A repository from an earlier run in WORKDIR is reused while it is younger than 12 hours (its
# timestamp expires after a day; the 1M-target one takes minutes to write); FRESH=1 rewrites all.
export PEERS_REPOS="$work/repos" PEERS_WORK="$work/run"
rm -rf "$work/run"
[[ "${FRESH:-0}" == 1 ]] && rm -rf "$work/repos"
mkdir -p "$work/repos"
# generate DIR ARGS...: GenerateRepository into DIR unless a recent complete one is there.
generate() {
  local dir=$1
  shift
  if [[ -f "$dir/complete" && -n "$(find "$dir/complete" -mmin -720)" ]]; then
    echo "reusing $dir" >&2
    return
  fi
  rm -rf "$dir"
  java -cp "$jar" org.tuf4j.benchmarks.GenerateRepository --snapshot-lengths "$dir" "$@" >&2
  touch "$dir/complete"
}
for n in $(echo $SIZES $WARM_SIZES | tr ' ' '\n' | sort -un); do
  generate "$work/repos/$n" "$n"
done
if (( BIG > 0 )); then
  generate "$work/repos/$BIG-bins-$BIG_BITS" "$BIG" "$BIG_BITS"
fi

mkdir -p "$(dirname "$RESULTS_PREFIX")"
start=$(date -u +%FT%TZ)
"$PYTHON" "$here/peers.py" | tee "$RESULTS_PREFIX.txt.tmp"
{
  if [[ -n "${NOTE:-}" ]]; then echo "# $NOTE"; fi
  echo "benchmarks/peers/run-peers.sh, started $start, finished $(date -u +%FT%TZ)"
  echo "RUNS=$RUNS WARM_RUNS=$WARM_RUNS SIZES='$SIZES' WARM_SIZES='$WARM_SIZES' BIG=$BIG" \
    "BIG_BITS=$BIG_BITS BIG_TARGET=$BIG_TARGET TUFJS_SIZES='$TUFJS_SIZES'" \
    "TUF4J_JAVA_OPTS='${TUF4J_JAVA_OPTS:-}' TUF4J_BACKEND=${TUF4J_BACKEND:-default}" \
    "TUF4J_LAUNCH=${TUF4J_LAUNCH:-documented}"
  echo "$(nproc) cores; load average at the end $(cut -d' ' -f1-3 /proc/loadavg);" \
    "$(java -version 2>&1 | head -1); node $(node --version 2>/dev/null || echo -);" \
    "$("$PYTHON" --version 2>&1)"
  echo
  cat "$RESULTS_PREFIX.txt.tmp"
} > "$RESULTS_PREFIX.txt"
rm -f "$RESULTS_PREFIX.txt.tmp"
echo "wrote $RESULTS_PREFIX.txt and $RESULTS_PREFIX.json" >&2

if [[ "${JMH:-0}" == 1 ]]; then
  jmh_opts=${JMH_OPTS:--f 1 -wi 6 -w 5s -i 5 -r 5s}
  jvm_opts=${JVM_OPTS:--Xms6g -Xmx6g -XX:+AlwaysPreTouch}
  echo "== JMH: HttpRefreshBenchmark (tuf4j, sigstore-java) on $work/repos" >&2
  # shellcheck disable=SC2086  # JMH_OPTS is a list of options
  java -jar "$jar" HttpRefreshBenchmark -p "targets=$(echo $SIZES | tr ' ' ',')" \
    -p "repositories=$work/repos" $jmh_opts -jvmArgs "$jvm_opts" -rf json \
    -rff "$RESULTS_PREFIX-jvm.json" | tee "$RESULTS_PREFIX-jvm.log"
  grep -o '# crypto: .*' "$RESULTS_PREFIX-jvm.log" | sort -u > "$RESULTS_PREFIX-jvm-crypto.txt"
  rm -f "$RESULTS_PREFIX-jvm.log"
  python3 "$here/peers-table.py" "$RESULTS_PREFIX-jvm.json"
fi
