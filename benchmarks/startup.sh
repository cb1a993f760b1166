#!/usr/bin/env bash
# Start-up time of the `tuf` command, without JMH: wall-clock time of whole processes, as a user
# sees it. Times `bin/tuf --help`, `bin/tuf verify DIR` and `bin/tuf status DIR` on a small
# repository (9 targets, written by bin/tuf itself into a temporary directory), RUNS times each
# (default 10), after one unmeasured warm-up run of each (page cache).
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
#   KEEP=1          keep the temporary repository and print where it is
# Prints one line per command: mean, median, min and max in milliseconds.
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

now_ms() { date +%s%3N; }

# time_runs LABEL COMMAND...: RUNS timed runs after one warm-up; output to /dev/null.
time_runs() {
  local label=$1
  shift
  "$@" >/dev/null 2>&1 || { echo "$label: the command failed: $*" >&2; "$@"; exit 1; }
  local times=()
  for ((i = 0; i < runs; i++)); do
    local t0 t1
    t0=$(now_ms)
    "$@" >/dev/null 2>&1
    t1=$(now_ms)
    times+=($((t1 - t0)))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk -v label="$label" -v n="$runs" '
    { v[NR] = $1; sum += $1 }
    END {
      median = (n % 2) ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
      printf "%-34s mean %5.0f ms  median %5.0f ms  min %5d  max %5d  (%d runs)\n",
        label, sum / n, median, v[1], v[n], n
    }'
}

echo "java: $(java -version 2>&1 | head -1); $(nproc) cores; $runs runs each" >&2
time_runs "tuf --help" "$tuf" --help
time_runs "tuf verify DIR (9 targets)" "$tuf" verify "$repo" --root "$root_json"
time_runs "tuf status DIR" "$tuf" status "$repo"

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
  time_runs "python-tuf ngclient refresh (same)" py_refresh
fi
