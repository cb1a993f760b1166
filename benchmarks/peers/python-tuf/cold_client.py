"""python-tuf's client process for benchmarks/peers/run-peers.sh's cold runs: one process, one
first refresh over HTTP with ngclient's Updater (root.json already in WORKDIR/metadata, as
ngclient expects), then either the top-level targets are counted or TARGET is looked up
(through hash-bin delegations). Prints one JSON line. The same steps as
org.tuf4j.benchmarks.PeerClient and ../tuf-js/cold-client.mjs.

  PYTHONPATH=PYTHON_TUF:SECURESYSTEMSLIB /usr/bin/python3 cold_client.py METADATA_URL WORKDIR [TARGET]

ngclient's default fetcher (requests, Debian's python3-requests) is used when requests is
installed; otherwise the urllib fetcher of conformance-tests/interop/python-tuf/read.py's kind,
through ngclient's public FetcherInterface. The output says which.
"""

import json
import os
import sys


def urllib_fetcher():
    import urllib.error
    import urllib.request

    from tuf.api import exceptions
    from tuf.ngclient import FetcherInterface

    class UrllibFetcher(FetcherInterface):
        def _fetch(self, url):
            try:
                response = urllib.request.urlopen(url, timeout=30)
            except urllib.error.HTTPError as e:
                raise exceptions.DownloadHTTPError(str(e), e.code) from e

            def chunks():
                with response:
                    while chunk := response.read(64 * 1024):
                        yield chunk

            return chunks()

    return UrllibFetcher()


def main(argv):
    if len(argv) not in (3, 4):
        print(__doc__, file=sys.stderr)
        return 2
    url, work = argv[1], argv[2]
    try:
        import requests  # noqa: F401  (ngclient's default fetcher needs it)

        fetcher, fetcher_name = None, "requests"
    except ImportError:
        fetcher, fetcher_name = "urllib", "urllib"
        import types

        stub = types.ModuleType("requests")  # lets `import tuf.ngclient` succeed
        stub.Session = object
        sys.modules["requests"] = stub
    from tuf.ngclient import Updater

    if fetcher == "urllib":
        fetcher = urllib_fetcher()
    metadata_dir = os.path.join(work, "metadata")
    updater = Updater(metadata_dir, url.rstrip("/") + "/", os.path.join(work, "targets"),
                      None, fetcher=fetcher)
    updater.refresh()
    out = {"client": "python-tuf", "fetcher": fetcher_name}
    if len(argv) == 4:
        info = updater.get_targetinfo(argv[3])
        out.update(lookup=argv[3], found=info is not None,
                   length=info.length if info else -1)
    else:
        with open(os.path.join(metadata_dir, "targets.json"), "rb") as f:
            out["targets"] = len(json.load(f)["signed"]["targets"])
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
