"""Passwords: how they are hashed (scrypt from the standard library) and which ones are
allowed: the complexity rule of 等保2.0 level 2 (length and several character classes),
not a common password (ASVS 2.1.7: accounts/data/common_passwords.txt, written by
scripts/make_common_passwords.py), and not the user name in disguise.

Hashes carry their parameters (`scrypt$n$r$p$salt$hash`), so the work factor can be
raised later without invalidating stored passwords.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import string
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path

from core.errors import InvalidInput

GENERATED_N = 2 ** 14
COMMON_PASSWORDS = Path(__file__).resolve().parent / "data" / "common_passwords.txt"
# Digits and symbols people put for letters (p@ssw0rd): undone before comparing with the name.
_LEET = str.maketrans("4@30$51!7", "aaeossilt")
# A password this similar to the user name (difflib's ratio, letters only) is refused.
NAME_SIMILARITY = 0.75

_CLASSES = (("大写字母", string.ascii_uppercase), ("小写字母", string.ascii_lowercase),
            ("数字", string.digits))


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


@dataclass(frozen=True)
class PasswordHasher:
    # n = 2**17 (128 MB, a few tenths of a second) is OWASP's minimum for scrypt; hashes
    # made with less are replaced at the owner's next sign-in (needs_rehash).
    n: int = 2 ** 17
    r: int = 8
    p: int = 1

    def hash(self, password: str) -> str:
        salt = secrets.token_bytes(16)
        digest = self._derive(password, salt, self.n, self.r, self.p)
        return f"scrypt${self.n}${self.r}${self.p}${_b64(salt)}${_b64(digest)}"

    def verify(self, password: str, stored: str) -> bool:
        try:
            scheme, n, r, p, salt, digest = stored.split("$")
            if scheme != "scrypt":
                return False
            expected = base64.b64decode(digest)
            actual = self._derive(password, base64.b64decode(salt), int(n), int(r), int(p))
        except (ValueError, TypeError):
            return False
        return hmac.compare_digest(actual, expected)

    def for_generated(self) -> "PasswordHasher":
        """The hasher for passwords this product generates in bulk (a user sheet): they are
        random (about 80 bits) and must be changed at the first sign-in, where the hash is
        replaced at the full cost — hopeless to guess at any cost, so 2,000 of them are
        hashed at 2^14 and the import stays within a request."""
        return PasswordHasher(min(self.n, GENERATED_N), self.r, self.p)

    def needs_rehash(self, stored: str) -> bool:
        """True when a stored hash was made with other parameters than these."""
        try:
            scheme, n, r, p, _salt, _digest = stored.split("$")
            return scheme != "scrypt" or (int(n), int(r), int(p)) != (self.n, self.r, self.p)
        except ValueError:
            return True

    def burn(self, password: str) -> None:
        """Spend the time of one verification, so unknown user names answer as slowly."""
        self._derive(password, b"\0" * 16, self.n, self.r, self.p)

    @staticmethod
    def _derive(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
        return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p,
                              maxmem=256 * n * r + 1024 * 1024, dklen=32)


@dataclass(frozen=True)
class PasswordPolicy:
    min_length: int = 8
    max_length: int = 128
    # Of four classes: upper case, lower case, digits, other characters.
    min_classes: int = 3

    def check(self, password: str, username: str = "") -> None:
        """Raise InvalidInput naming every rule the password breaks."""
        problems = []
        if len(password) < self.min_length:
            problems.append(f"长度至少 {self.min_length} 位")
        if len(password) > self.max_length:
            problems.append(f"长度不超过 {self.max_length} 位")
        if character_classes(password) < self.min_classes:
            problems.append(f"需包含大写字母、小写字母、数字、符号中的至少 {self.min_classes} 类")
        if username and resembles_username(password, username):
            problems.append("不能包含用户名，也不能与用户名过于相似")
        if is_common(password):
            problems.append("属于常见弱密码（如 Password1、Admin@123），容易被猜中")
        if problems:
            raise InvalidInput("密码不符合要求：" + "；".join(problems))

    @property
    def description(self) -> str:
        return (f"至少 {self.min_length} 位，包含大写字母、小写字母、数字、符号中的至少 "
                f"{self.min_classes} 类，不含用户名，且不是常见弱密码")


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    lines = COMMON_PASSWORDS.read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


def is_common(password: str) -> bool:
    """On the list, ignoring case, as typed or with its symbols removed (Admin@123)."""
    lowered = password.lower()
    return lowered in common_passwords() or re.sub(r"[\W_]", "", lowered) in common_passwords()


def resembles_username(password: str, username: str) -> bool:
    """The user name (or its letters, or it reversed) inside the password once the usual
    substitutions are undone, or the password's letters too close to the name's."""
    name = username.lower()
    name_letters = re.sub(r"[^a-z]", "", name)
    plain = password.lower().translate(_LEET)
    letters = re.sub(r"[^a-z]", "", plain)
    pieces = {p for p in (name, name_letters, name[::-1]) if len(p) >= 3}
    if any(p in plain or p in letters for p in pieces):
        return True
    return len(name_letters) >= 3 and SequenceMatcher(None, name_letters, letters).ratio() >= NAME_SIMILARITY


def character_classes(password: str) -> int:
    count = sum(1 for _, chars in _CLASSES if any(c in chars for c in password))
    return count + (1 if any(not c.isalnum() for c in password) else 0)


def generate_password(length: int = 14, username: str = "") -> str:
    """A random password that satisfies the default policy (all four classes, nothing
    like the user name)."""
    # No 0/O, 1/l/I: these passwords are printed and read aloud.
    alphabet = "".join(c for c in string.ascii_letters + string.digits if c not in "0O1lI")
    alphabet += "-_.!@#%+="
    while True:
        candidate = "".join(secrets.choice(alphabet) for _ in range(length))
        if character_classes(candidate) == 4 and not resembles_username(candidate, username):
            return candidate
