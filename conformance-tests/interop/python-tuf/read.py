"""Reads a TUF repository with python-tuf's ngclient, as conformance-tests'
PythonTufReadsTuf4jRepositoriesTest does for every repository tuf4j writes: refresh from a
trusted root, then look up each target (through delegations and hash bins) and download the ones
found. Prints one JSON object, the same as ../tuf-js/read.mjs:

  {"client": "python-tuf", "version": "5.1.0", ...,
   "refresh": {"ok": true, "rootVersion": 2} | {"ok": false, "error": "Class: message"},
   "targets": [{"path": "a/b.txt", "status": "found", "length": 3, "sha256": "..."}
               | {"path": ..., "status": "not_found"}
               | {"path": ..., "status": "error", "error": "Class: message"}]}

  PYTHONPATH=../shared/peers/python-tuf:../shared/peers/securesystemslib /usr/bin/python3 \\
      conformance-tests/interop/python-tuf/read.py --metadata-url URL --targets-url URL \\
      --root 1.root.json --dir WORKDIR TARGET...

ngclient's default fetcher needs `requests` (Debian: python3-requests, which .ci/run installs).
Without it, this script stubs the `import requests` that `tuf.ngclient` does at import time and
hands the Updater a small urllib fetcher through ngclient's public FetcherInterface: the TUF
logic under test (Updater, TrustedMetadataSet, Metadata API, securesystemslib) is unchanged, only
the HTTP transport differs. The report says which fetcher was used.

Exit status 0 when the report was printed (whatever it says), 2 on a usage error.
"""

import argparse
import hashlib
import importlib.util
import json
import os
import shutil
import sys
import types
import urllib.error
import urllib.request


def describe(e: BaseException) -> str:
    return f"{type(e).__name__}: {e}"


def securesystemslib_crypto() -> bool:
    from securesystemslib.signer import _key

    return getattr(_key, "CRYPTO_IMPORT_ERROR", None) is None


def stub_requests() -> None:
    """Lets `import tuf.ngclient` succeed without requests (the RequestsFetcher is never used)."""
    stub = types.ModuleType("requests")
    stub.Session = object
    stub.Response = object
    stub.HTTPError = type("HTTPError", (Exception,), {})
    stub.exceptions = types.SimpleNamespace(
        Timeout=type("Timeout", (Exception,), {}),
        ConnectionError=type("ConnectionError", (Exception,), {}),
    )
    sys.modules["requests"] = stub


def urllib_fetcher():
    from tuf.api import exceptions
    from tuf.ngclient import FetcherInterface

    class UrllibFetcher(FetcherInterface):
        def _fetch(self, url):
            try:
                response = urllib.request.urlopen(url, timeout=30)
            except urllib.error.HTTPError as e:
                raise exceptions.DownloadHTTPError(str(e), e.code) from e
            except TimeoutError as e:
                raise exceptions.SlowRetrievalError from e

            def chunks():
                with response:
                    while chunk := response.read(64 * 1024):
                        yield chunk

            return chunks()

    return UrllibFetcher()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--metadata-url", required=True)
    parser.add_argument("--targets-url", required=True)
    parser.add_argument("--root", required=True)
    parser.add_argument("--dir", required=True)
    parser.add_argument("targets", nargs="*")
    args = parser.parse_args()

    has_requests = importlib.util.find_spec("requests") is not None
    if not has_requests:
        stub_requests()
    import cryptography
    import securesystemslib
    import tuf
    from tuf.ngclient import Updater

    metadata_dir = os.path.join(args.dir, "metadata")
    target_dir = os.path.join(args.dir, "targets")
    os.makedirs(metadata_dir, exist_ok=True)
    os.makedirs(target_dir, exist_ok=True)
    shutil.copyfile(args.root, os.path.join(metadata_dir, "root.json"))
    report = {
        "client": "python-tuf",
        "version": tuf.__version__,
        "securesystemslib": securesystemslib.__version__,
        "cryptography": cryptography.__version__,
        "python": sys.version.split()[0],
        "fetcher": "requests" if has_requests else "urllib",
        # securesystemslib verifies ECDSA and RSA with pyca/cryptography (it needs 40+ for
        # that); without it only ed25519 (its vendored pure-Python code) verifies.
        "securesystemslibCrypto": securesystemslib_crypto(),
        "targets": [],
    }

    # The constructor verifies the trusted root already: a failure there is the refresh's, and
    # then every lookup reports it too.
    updater = None
    try:
        updater = Updater(
            metadata_dir=metadata_dir,
            metadata_base_url=args.metadata_url,
            target_dir=target_dir,
            target_base_url=args.targets_url,
            fetcher=None if has_requests else urllib_fetcher(),
        )
        updater.refresh()
        with open(os.path.join(metadata_dir, "root.json"), "rb") as f:
            root = json.load(f)
        report["refresh"] = {"ok": True, "rootVersion": root["signed"]["version"]}
    except Exception as e:  # every failure is part of the report
        report["refresh"] = {"ok": False, "error": describe(e)}

    for i, target in enumerate(args.targets):
        entry = {"path": target}
        try:
            if updater is None:
                raise RuntimeError(f"no updater: {report['refresh']['error']}")
            info = updater.get_targetinfo(target)
            if info is None:
                entry["status"] = "not_found"
            else:
                path = updater.download_target(info, os.path.join(target_dir, f"{i}.bin"))
                with open(path, "rb") as f:
                    data = f.read()
                entry["status"] = "found"
                entry["length"] = len(data)
                entry["sha256"] = hashlib.sha256(data).hexdigest()
        except Exception as e:
            entry["status"] = "error"
            entry["error"] = describe(e)
        report["targets"].append(entry)
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
