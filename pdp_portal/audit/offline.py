"""Check an audit proof outside the portal: no database, no Django, only the files.

    python -m pdp_portal.audit.offline proof.json jwks.json

``proof.json`` is an inclusion proof (an event, its path and the signed checkpoint) or a
consistency proof (two signed checkpoints and the path between them), as the portal exports
them; ``jwks.json`` is the portal's public key set (``/.well-known/jwks.json``), best kept from
a copy the agency or the DPO received before. Prints OK or the reason, exit status 0 or 1.
"""

import hashlib
import json
import sys

from jwcrypto import jwk, jws
from jwcrypto.common import JWException

from . import merkle

ALG = "EdDSA"


class ProofInvalid(Exception):
    """The proof does not show what it claims."""


def canonical_json(value) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def checkpoint_claims(token: str, key_set: dict) -> dict:
    """Return the payload of a signed checkpoint after checking its signature."""
    keys = {k.get("kid"): k for k in key_set.get("keys", [])}
    parsed = jws.JWS()
    try:
        parsed.deserialize(token.strip())
        kid = parsed.jose_header.get("kid")
        if parsed.jose_header.get("alg") != ALG or kid not in keys:
            raise ProofInvalid(f"the checkpoint is signed with an unknown key ({kid})")
        parsed.verify(jwk.JWK(**keys[kid]), alg=ALG)
    except (JWException, ValueError, TypeError) as exc:
        raise ProofInvalid(f"the checkpoint's signature does not verify ({exc})") from exc
    return json.loads(parsed.payload)


def check_inclusion(proof: dict, key_set: dict) -> dict:
    """Check an inclusion proof; return the checkpoint's claims, or raise ProofInvalid."""
    claims = checkpoint_claims(proof["checkpoint"], key_set)
    leaf = hashlib.sha256(b"\x00" + canonical_json(proof["event"]).encode("utf-8")).digest()
    if leaf.hex() != proof.get("leaf_hash", leaf.hex()):
        raise ProofInvalid("the event's content does not match its leaf hash (edited)")
    if claims["size"] != proof["tree_size"] or claims["root"] != proof["root"]:
        raise ProofInvalid("the proof is not for the checkpoint it carries")
    ok = merkle.verify_inclusion(
        proof["leaf_index"],
        claims["size"],
        leaf,
        [bytes.fromhex(h) for h in proof["path"]],
        bytes.fromhex(claims["root"]),
    )
    if not ok:
        raise ProofInvalid("the event is not in the log at the position the proof gives")
    return claims


def check_consistency(proof: dict, key_set: dict) -> tuple[dict, dict]:
    """Check that the older signed checkpoint is a prefix of the newer one."""
    old = checkpoint_claims(proof["old"], key_set)
    new = checkpoint_claims(proof["new"], key_set)
    if old["log"] != new["log"]:
        raise ProofInvalid("the two checkpoints are of different logs")
    ok = merkle.verify_consistency(
        old["size"],
        new["size"],
        bytes.fromhex(old["root"]),
        bytes.fromhex(new["root"]),
        [bytes.fromhex(h) for h in proof["path"]],
    )
    if not ok:
        raise ProofInvalid(
            f"the log of {new['size']} events does not extend the log of {old['size']} (rewritten)"
        )
    return old, new


def check(proof: dict, key_set: dict) -> str:
    """Check a proof of either kind; return a one-line statement of what it proves."""
    if proof.get("format", "").endswith("consistency-proof/v1"):
        old, new = check_consistency(proof, key_set)
        return (
            f"OK: the log of {new['size']} events ({new['time']}) extends the log of "
            f"{old['size']} events ({old['time']}) unchanged"
        )
    claims = check_inclusion(proof, key_set)
    event = proof["event"]
    return (
        f"OK: event {event['id']} ({event['action']}, {event['created_at']}) is entry "
        f"{proof['leaf_index']} of the log of {claims['size']} events signed at {claims['time']}"
    )


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    with open(argv[0], encoding="utf-8") as f:
        proof = json.load(f)
    with open(argv[1], encoding="utf-8") as f:
        key_set = json.load(f)
    try:
        print(check(proof, key_set))
    except (ProofInvalid, KeyError, ValueError) as exc:
        print(f"INVALID: {exc}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
