"""PIN hashing: scrypt with a per-PIN random salt, compared in constant time."""

from __future__ import annotations

import hashlib
import hmac
import secrets

# ~20 ms per hash here: slow enough to make guessing a stolen file's 4-8 digit PINs costly
# offline, fast enough for a sign-in.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1


def hash_pin(pin: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P,
                            dklen=32)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${digest.hex()}"


def verify_pin(pin: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt_hex, digest_hex = stored.split("$")
        if scheme != "scrypt":
            return False
        digest = hashlib.scrypt(pin.encode(), salt=bytes.fromhex(salt_hex), n=int(n),
                                r=int(r), p=int(p), dklen=len(digest_hex) // 2)
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(digest.hex(), digest_hex)


# Verified against when a username does not exist, so a wrong name takes as long as a
# wrong PIN and timing does not reveal which usernames exist.
_DUMMY_HASH: str | None = None


def burn_time(pin: str) -> None:
    global _DUMMY_HASH
    if _DUMMY_HASH is None:
        _DUMMY_HASH = hash_pin("0000")
    verify_pin(pin, _DUMMY_HASH)
