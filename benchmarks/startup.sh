#!/usr/bin/env bash
# Start-up time of the `tuf` command, without JMH: wall-clock time of whole processes, as a user
# sees it. Times `bin/tuf --help`, `bin/tuf verify DIR` and `bin/tuf status DIR` on a small
# repository (9 targets, written by bin/tuf itself into a temporary directory), RUNS rounds
# (default 10) after one unmeasured warm-up run of each (page cache).
#
#   benchmarks/startup.sh [RUNS]
#
# Environment (optional):
#   TUF             the command to time (default: bin/tuf of this checkout; build it first with
#                   mvn -B -q -DskipTests package)
#   PYTHON_TUF      a python-tuf source tree (e.g. /work/shared/peers/python-tuf); with
#   SECURESYSTEMSLIB its securesystemslib tree, also times python-tuf's ngclient refreshing the
#                   same repository (conformance-tests/interop/python-tuf/read.py's set-up, file: URLs
#                   through a file fetcher, no target download): the peer comparison.
#   COMPARE_TUF     another build's bin/tuf (say, of the commit before a change), timed on the
#                   same repository in the same rounds: "other:" lines
#   KEEP=1          keep the temporary repository and print where it is
# Prints one line per command: median, mean, min and max wall-clock time and mean CPU time, ms.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-10}
tuf=${TUF:-$root/bin/tuf}
work=$(mktemp -d "${TMPDIR:-/tmp}/tuf-startup-XXXXXX")
if [[ "${KEEP:-0}" != 1 ]]; then
  trap 'rm -rf "$work"' EXIT
else
  echo "repository in $work" >&2
fi

repo="$work/repo"
keys="$work/repo-keys"
"$tuf" init "$repo" --no-passphrase >/dev/null
mkdir -p "$work/build/fw" "$work/build/docs"
for i in 1 2 3 4 5; do echo "firmware $i" >"$work/build/fw/app-$i.bin"; done
for i in 1 2 3 4; do echo "document $i" >"$work/build/docs/page-$i.txt"; done
"$tuf" target add "$repo" "$work/build/fw" "$work/build/docs" -k "$keys/targets.pem" \
  -k "$keys/snapshot.pem" -k "$keys/timestamp.pem" --no-passphrase >/dev/null
root_json="$repo/metadata/1.root.json"

labels=()
commands=()
# add LABEL COMMAND...: one command to time (kept as a quoted string for eval).
add() {
  labels+=("$1")
  shift
  commands+=("$(printf '%q ' "$@")")
}

add "tuf --help" "$tuf" --help
add "tuf verify DIR (9 targets)" "$tuf" verify "$repo" --root "$root_json"
add "tuf status DIR" "$tuf" status "$repo"
if [[ -n "${COMPARE_TUF:-}" ]]; then
  add "other: tuf --help" "$COMPARE_TUF" --help
  add "other: tuf verify DIR (9 targets)" "$COMPARE_TUF" verify "$repo" --root "$root_json"
  add "other: tuf status DIR" "$COMPARE_TUF" status "$repo"
fi
if [[ -n "${PYTHON_TUF:-}" ]]; then
  sslib=${SECURESYSTEMSLIB:-$(dirname "$PYTHON_TUF")/securesystemslib}
  py_refresh() {
    rm -rf "$work/py"
    PYTHONPATH="$PYTHON_TUF:$sslib" /usr/bin/python3 "$work/refresh.py" \
      "file://$repo/metadata/" "file://$repo/targets/" "$root_json" "$work/py"
  }
  # read.py's ngclient driver with a file: fetcher (ngclient's FetcherInterface; a missing file
  # is a 404, as over HTTP, so the root update loop ends as it does against a server).
  cat >"$work/refresh.py" <<'EOF'
import importlib.util, os, sys, urllib.parse
sys.path.insert(0, os.environ["READ_PY_DIR"])
import read
if importlib.util.find_spec("requests") is None:
    read.stub_requests()
from tuf.api import exceptions
from tuf.ngclient import FetcherInterface, Updater

class FileFetcher(FetcherInterface):
    def _fetch(self, url):
        try:
            f = open(urllib.parse.urlparse(url).path, "rb")
        except FileNotFoundError as e:
            raise exceptions.DownloadHTTPError(str(e), 404) from e
        def chunks():
            with f:
                while chunk := f.read(64 * 1024):
                    yield chunk
        return chunks()

meta_url, targets_url, root, work = sys.argv[1:5]
os.makedirs(os.path.join(work, "metadata"))
with open(root, "rb") as src, open(os.path.join(work, "metadata", "root.json"), "wb") as dst:
    dst.write(src.read())
Updater(metadata_dir=os.path.join(work, "metadata"), metadata_base_url=meta_url,
        target_base_url=targets_url, fetcher=FileFetcher()).refresh()
EOF
  export READ_PY_DIR="$root/conformance-tests/interop/python-tuf"
  add "python-tuf ngclient refresh (same)" py_refresh
fi

# One warm-up run of each (page cache), then RUNS rounds, each running every command once, so
# that a machine whose load changes while this runs weighs on every command alike. Wall-clock
# and CPU (user + system) time of each run, from bash's own `time`.
TIMEFORMAT='%R %U %S'
for i in "${!commands[@]}"; do
  eval "${commands[$i]}" >/dev/null 2>&1 || { echo "${labels[$i]}: failed" >&2; eval "${commands[$i]}"; exit 1; }
done
declare -A wall cpu
for ((r = 0; r < runs; r++)); do
  for i in "${!commands[@]}"; do
    t=$( { time eval "${commands[$i]}" >/dev/null 2>&1; } 2>&1 )
    read -r real user sys <<<"$t"
    wall[$i]+="$real "
    cpu[$i]+="$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.3f", u + s }') "
  done
done
echo "java: $(java -version 2>&1 | head -1); $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg); $runs rounds" >&2
for i in "${!commands[@]}"; do
  printf '%s\n' ${wall[$i]} | sort -n | awk -v label="${labels[$i]}" -v cpu="${cpu[$i]}" '
    { v[NR] = $1 * 1000; sum += $1 * 1000 }
    END {
      n = NR
      median = (n % 2) ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
      c = split(cpu, cs, " "); for (j = 1; j <= c; j++) csum += cs[j]
      printf "%-36s wall median %5.0f ms  mean %5.0f  min %5.0f  max %5.0f   cpu mean %5.0f ms\n",
        label, median, sum / n, v[1], v[n], csum / c * 1000
    }'
done
