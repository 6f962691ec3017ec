"""Password hashing and the complexity policy (等保2.0 level 2)."""
import pytest

from core.errors import InvalidInput
from accounts.passwords import PasswordHasher, PasswordPolicy, character_classes, generate_password


def test_hash_verifies_and_is_salted():
    hasher = PasswordHasher(n=2 ** 8)
    first, second = hasher.hash("Abc-12345"), hasher.hash("Abc-12345")
    assert first != second and first.startswith("scrypt$256$8$1$")
    assert hasher.verify("Abc-12345", first) and hasher.verify("Abc-12345", second)
    assert not hasher.verify("abc-12345", first)


def test_hash_keeps_its_parameters():
    """A hash made with one work factor still verifies after the default changes."""
    stored = PasswordHasher(n=2 ** 8).hash("Abc-12345")
    assert PasswordHasher(n=2 ** 10).verify("Abc-12345", stored)


@pytest.mark.parametrize("stored", ["", "plain", "scrypt$x$8$1$AA==$AA==", "md5$1$2$3$4$5"])
def test_malformed_hashes_never_verify(stored):
    assert not PasswordHasher(n=2 ** 8).verify("anything", stored)


@pytest.mark.parametrize("password, problem", [
    ("Ab1-", "长度至少 8 位"),
    ("abcdefgh1", "至少 3 类"),
    ("zhangsan-X1", "不能包含用户名"),
    ("A" * 100 + "a1-" + "x" * 40, "不超过 128 位"),
])
def test_policy_names_the_broken_rule(password, problem):
    with pytest.raises(InvalidInput, match=problem):
        PasswordPolicy().check(password, "zhangsan")


def test_policy_accepts_three_classes():
    PasswordPolicy().check("river-stone7", "zhangsan")
    PasswordPolicy().check("ABCDEFGH12a", "zhangsan")


def test_generated_passwords_pass_the_policy():
    for _ in range(50):
        password = generate_password()
        assert character_classes(password) == 4 and len(password) == 14
        assert not set(password) & set("0O1lI")
        PasswordPolicy().check(password, "someone")
