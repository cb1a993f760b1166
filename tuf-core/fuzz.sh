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
#
#   tuf-core/fuzz.sh --merge ParserFuzzTest#signedParse
#
# minimises: libFuzzer's -merge=1 (through Jazzer's standalone driver) keeps the smallest inputs
# that reach every coverage feature of the generated corpus and the inputs directory, and
# replaces the inputs directory's generated files with them (seed-* and crash-* files stay).
set -euo pipefail
if [ $# -lt 1 ]; then
  echo "usage: $0 CLASS#METHOD [MINUTES] [MAVEN ARGS...]" >&2
  echo "       $0 --merge CLASS#METHOD [MAVEN ARGS...]" >&2
  exit 2
fi
merge=false
if [ "$1" = "--merge" ]; then
  merge=true
  shift
fi
target=$1
shift
minutes=10
if ! $merge && [ $# -ge 1 ]; then
  minutes=$1
  shift
fi
case "$target" in
  *.*) ;;
  *) target="org.tuf4j.fuzz.$target" ;;
esac
cd "$(dirname "$0")/.."

if $merge; then
  class=${target%%#*}
  method=${target#*#}
  cd tuf-core
  mvn -B -q test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/fuzz-classpath.txt "$@"
  inputs="src/test/resources/$(echo "$class" | tr . /)Inputs/$method"
  generated=".cifuzz-corpus/$class/$method"
  mkdir -p "$inputs" "$generated"
  out=$(mktemp -d)
  java -cp "target/test-classes:target/classes:$(cat target/fuzz-classpath.txt)" \
    com.code_intelligence.jazzer.Jazzer --target_class="$class" --target_method="$method" \
    --instrumentation_includes='org.tuf4j.**' --custom_hook_includes='org.tuf4j.**' \
    -merge=1 "$out" "$generated" "$inputs" 2>&1 | grep -v '^INFO: Instrumented'
  keep=$(cd "$inputs" && for f in seed-* crash-*; do if [ -e "$f" ]; then sha1sum "$f"; fi; done \
    | cut -d' ' -f1 | tr '\n' ' ')
  find "$inputs" -type f ! -name 'seed-*' ! -name 'crash-*' -delete
  for f in "$out"/*; do
    case " $keep " in
      *" $(basename "$f") "*) ;;
      *) cp "$f" "$inputs/" ;;
    esac
  done
  rm -rf "$out"
  echo "$inputs: $(ls "$inputs" | wc -l) files, $(cat "$inputs"/* | wc -c) bytes"
  exit 0
fi

# JAZZER_FUZZ=1 turns regression mode into fuzzing (one @FuzzTest per JVM). Configuration
# parameters reach Jazzer as system properties of the test JVM: the last libFuzzer arguments win,
# so -max_total_time here overrides the @FuzzTest maxDuration; -timeout reports an input that
# runs longer than 30 s as a hang. Only tuf4j's own classes are instrumented for coverage.
exec env JAZZER_FUZZ=1 mvn -B -pl tuf-core test-compile surefire:test@fuzz-regression \
  -Dtest="$target" -Dsurefire.failIfNoSpecifiedTests=false \
  -Djazzer.instrument='org.tuf4j.**' \
  -Djazzer.internal.arg.0=fuzz \
  -Djazzer.internal.arg.1=-max_total_time=$(( minutes * 60 )) \
  -Djazzer.internal.arg.2=-timeout=30 \
  "$@"
