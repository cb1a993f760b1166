"""Writes a small TUF repository with python-tuf's Metadata API, the python-tuf-written
equivalent of a tuf4j-written interop repository. Where a peer cannot read something tuf4j
writes, the interop tests point the peer at this too: if it fails the same way, the limit is the
peer's, not tuf4j's (docs/INTEROP.md).

  PYTHONPATH=../shared/peers/python-tuf:../shared/peers/securesystemslib /usr/bin/python3 \\
      conformance-tests/interop/python-tuf/write_repository.py --dir DIR \\
      --keys conformance-tests/interop/keys --top-scheme ecdsa-sha2-nistp384 \\
      [--delegated-scheme ecdsa-sha2-nistp384] [--plain]

Layout: metadata/1.root.json, (N.)targets.json, (N.)snapshot.json, timestamp.json; targets
hello.txt (top-level) and, with --delegated-scheme, a/one.txt in role "a" (paths "a/*");
consistent snapshots unless --plain. Keys are the interop test keys (root-1, targets, snapshot,
timestamp, delegated-1 of each scheme). The target contents are those of InteropRepositories.

Signatures are made with pyca/cryptography directly, through a small securesystemslib Signer:
securesystemslib 1.4.0's own CryptoSigner needs cryptography 40+, which Debian 12 does not have.
Everything else (the metadata model, canonical JSON, key ids, the files) is python-tuf's.
"""

import argparse
import hashlib
import os
from datetime import datetime, timedelta, timezone

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa
from securesystemslib.signer import Signature, Signer, SSlibKey
from securesystemslib.signer._utils import compute_default_keyid
from tuf.api.metadata import (
    DelegatedRole,
    Delegations,
    Metadata,
    MetaFile,
    Root,
    Snapshot,
    TargetFile,
    Targets,
    Timestamp,
)
from tuf.api.serialization.json import JSONSerializer

KEYTYPES = {
    "ed25519": "ed25519",
    "ecdsa-sha2-nistp256": "ecdsa",
    "ecdsa-sha2-nistp384": "ecdsa",
    "rsassa-pss-sha256": "rsa",
}


class PemSigner(Signer):
    """Signs with a PKCS#8 PEM private key as the TUF schemes say (ECDSA: DER signatures)."""

    def __init__(self, pem_file: str, scheme: str):
        with open(pem_file, "rb") as f:
            self._private = serialization.load_pem_private_key(f.read(), password=None)
        self._scheme = scheme
        public = self._private.public_key()
        if isinstance(public, ed25519.Ed25519PublicKey):
            value = public.public_bytes(
                serialization.Encoding.Raw, serialization.PublicFormat.Raw
            ).hex()
        else:
            value = public.public_bytes(
                serialization.Encoding.PEM,
                serialization.PublicFormat.SubjectPublicKeyInfo,
            ).decode()
        keytype = KEYTYPES[scheme]
        keyval = {"public": value}
        keyid = compute_default_keyid(keytype, scheme, keyval)
        self._key = SSlibKey(keyid, keytype, scheme, keyval)

    @property
    def public_key(self) -> SSlibKey:
        return self._key

    @classmethod
    def from_priv_key_uri(cls, priv_key_uri, public_key, secrets_handler=None):
        raise NotImplementedError("not used")

    def sign(self, payload: bytes) -> Signature:
        key = self._private
        if isinstance(key, ed25519.Ed25519PrivateKey):
            sig = key.sign(payload)
        elif isinstance(key, ec.EllipticCurvePrivateKey):
            digest = hashes.SHA384() if self._scheme.endswith("384") else hashes.SHA256()
            sig = key.sign(payload, ec.ECDSA(digest))
        elif isinstance(key, rsa.RSAPrivateKey):
            sig = key.sign(
                payload,
                padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32),
                hashes.SHA256(),
            )
        else:
            raise ValueError(f"unsupported key {type(key)}")
        return Signature(self._key.keyid, sig.hex())


def content(path: str) -> bytes:
    return f"tuf4j interop target {path}\n".encode()


def target_file(path: str) -> TargetFile:
    data = content(path)
    return TargetFile(
        len(data),
        {
            "sha256": hashlib.sha256(data).hexdigest(),
            "sha512": hashlib.sha512(data).hexdigest(),
        },
        path,
    )


def store_target(repo: str, path: str, info: TargetFile, consistent: bool) -> None:
    dirname, _, name = path.rpartition("/")
    names = [f"{h}.{name}" for h in info.hashes.values()] if consistent else [name]
    for n in names:
        out = os.path.join(repo, "targets", dirname, n)
        os.makedirs(os.path.dirname(out), exist_ok=True)
        with open(out, "wb") as f:
            f.write(content(path))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", required=True)
    parser.add_argument("--keys", required=True)
    parser.add_argument("--top-scheme", required=True, choices=sorted(KEYTYPES))
    parser.add_argument("--delegated-scheme", choices=sorted(KEYTYPES))
    parser.add_argument("--plain", action="store_true")
    args = parser.parse_args()
    consistent = not args.plain
    expires = datetime.now(timezone.utc).replace(microsecond=0) + timedelta(days=30)

    def signer(scheme: str, name: str) -> PemSigner:
        return PemSigner(os.path.join(args.keys, scheme, name + ".pem"), scheme)

    top = {n: signer(args.top_scheme, n) for n in ("root-1", "targets", "snapshot", "timestamp")}
    root = Root(expires=expires, consistent_snapshot=consistent)
    for role, name in (
        ("root", "root-1"),
        ("targets", "targets"),
        ("snapshot", "snapshot"),
        ("timestamp", "timestamp"),
    ):
        root.add_key(top[name].public_key, role)

    targets = Targets(expires=expires)
    targets.targets["hello.txt"] = target_file("hello.txt")
    delegated = {}
    if args.delegated_scheme:
        d = signer(args.delegated_scheme, "delegated-1")
        role = DelegatedRole("a", [d.public_key.keyid], 1, False, paths=["a/*"])
        targets.delegations = Delegations({d.public_key.keyid: d.public_key}, roles={"a": role})
        a = Targets(expires=expires)
        a.targets["a/one.txt"] = target_file("a/one.txt")
        delegated["a"] = (a, d)

    repo = args.dir
    os.makedirs(os.path.join(repo, "metadata"), exist_ok=True)
    serializer = JSONSerializer(compact=False)

    def write(md: Metadata, name: str) -> bytes:
        data = md.to_bytes(serializer)
        with open(os.path.join(repo, "metadata", name), "wb") as f:
            f.write(data)
        return data

    def versioned(role: str, version: int) -> str:
        return f"{version}.{role}.json" if consistent else f"{role}.json"

    for path, info in [(p, i) for p, i in targets.targets.items()] + [
        (p, i) for a, _ in delegated.values() for p, i in a.targets.items()
    ]:
        store_target(repo, path, info, consistent)

    snapshot = Snapshot(expires=expires)
    for name, (signed, key) in delegated.items():
        md = Metadata(signed)
        md.sign(key)
        write(md, versioned(name, signed.version))
        snapshot.meta[f"{name}.json"] = MetaFile(signed.version)
    md = Metadata(targets)
    md.sign(top["targets"])
    write(md, versioned("targets", targets.version))
    snapshot.meta["targets.json"] = MetaFile(targets.version)
    md = Metadata(snapshot)
    md.sign(top["snapshot"])
    write(md, versioned("snapshot", snapshot.version))
    timestamp = Timestamp(expires=expires, snapshot_meta=MetaFile(snapshot.version))
    md = Metadata(timestamp)
    md.sign(top["timestamp"])
    write(md, "timestamp.json")
    md = Metadata(root)
    md.sign(top["root-1"])
    write(md, "1.root.json")
    write(md, "root.json")


if __name__ == "__main__":
    main()
