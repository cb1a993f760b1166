#!/usr/bin/env bash
# Fuzzes one Jazzer target of tuf-core for a number of minutes (docs/FUZZING.md):
#
#   tuf-core/fuzz.sh ParserFuzzTest#signedParse 10
#
# The target is CLASS#METHOD of a @FuzzTest in org.tuf4j.fuzz (or a fully qualified class).
# Jazzer's generated corpus grows in tuf-core/.cifuzz-corpus/CLASS/METHOD/ (ignored by git; copy
# what is worth keeping into the target's inputs directory under src/test/resources); a finding
# stops the run, fails the test and is written as crash-* into that inputs directory, where every
# later `mvn verify` replays it. Extra arguments go to Maven (for example -o).
set -euo pipefail
if [ $# -lt 1 ]; then
  echo "usage: $0 CLASS#METHOD [MINUTES] [MAVEN ARGS...]" >&2
  exit 2
fi
target=$1
minutes=${2:-10}
shift $(( $# >= 2 ? 2 : 1 ))
case "$target" in
  *.*) ;;
  *) target="org.tuf4j.fuzz.$target" ;;
esac
cd "$(dirname "$0")/.."
# JAZZER_FUZZ=1 turns regression mode into fuzzing (one @FuzzTest per JVM). Configuration
# parameters reach Jazzer as system properties of the test JVM: the last libFuzzer arguments win,
# so -max_total_time here overrides the @FuzzTest maxDuration; -timeout reports an input that
# runs longer than 30 s as a hang. Only tuf4j's own classes are instrumented for coverage.
exec env JAZZER_FUZZ=1 mvn -B -pl tuf-core test \
  -Dtest="$target" -Dsurefire.failIfNoSpecifiedTests=false -Dtuf4j.testForks=1 \
  -Djazzer.instrument='org.tuf4j.**' \
  -Djazzer.internal.arg.0=fuzz \
  -Djazzer.internal.arg.1=-max_total_time=$(( minutes * 60 )) \
  -Djazzer.internal.arg.2=-timeout=30 \
  "$@"
