"""Passwords: how they are hashed (scrypt from the standard library) and which ones are
allowed (the complexity rule of 等保2.0 level 2: length and several character classes).

Hashes carry their parameters (`scrypt$n$r$p$salt$hash`), so the work factor can be
raised later without invalidating stored passwords.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import string
from dataclasses import dataclass

from kb.errors import InvalidInput

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
        if username and len(username) >= 3 and username.lower() in password.lower():
            problems.append("不能包含用户名")
        if problems:
            raise InvalidInput("密码不符合要求：" + "；".join(problems))

    @property
    def description(self) -> str:
        return (f"至少 {self.min_length} 位，包含大写字母、小写字母、数字、符号中的至少 "
                f"{self.min_classes} 类，且不含用户名")


def character_classes(password: str) -> int:
    count = sum(1 for _, chars in _CLASSES if any(c in chars for c in password))
    return count + (1 if any(not c.isalnum() for c in password) else 0)


def generate_password(length: int = 14) -> str:
    """A random password that satisfies the default policy (all four classes)."""
    # No 0/O, 1/l/I: these passwords are printed and read aloud.
    alphabet = "".join(c for c in string.ascii_letters + string.digits if c not in "0O1lI")
    alphabet += "-_.!@#%+="
    while True:
        candidate = "".join(secrets.choice(alphabet) for _ in range(length))
        if character_classes(candidate) == 4:
            return candidate
