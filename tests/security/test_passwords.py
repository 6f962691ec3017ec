"""Weak passwords are refused: common ones (the list shipped in accounts/data, compared
ignoring case and symbols) and ones built from the user name (ASVS 2.1.7); and stored
hashes made with a lower scrypt cost than OWASP's minimum are replaced at sign-in."""
import pytest

from core.errors import InvalidInput
from accounts import passwords
from accounts.passwords import PasswordHasher, PasswordPolicy
from accounts.permissions import system_actor
from tests.support.environment import PASSWORD

COMMON = ["Password1", "Aa123456", "Admin@123", "P@ssw0rd", "Qwerty@2024", "Woaini1314!", "Abc123456",
          "Welcome1!", "Zhongguo2025", "Shenji@123", "1Qaz2wsx", "Changeme1"]
LIKE_THE_NAME = [("Wangfang1!", "wangfang"), ("W4ngf4ng-9", "wangfang"), ("gnafgnaW-9", "wangfang"),
                 ("Zhang-2024!x", "zhang123"), ("Audit.0042x", "audit0042"), ("Wangfan9-X", "wangfang")]


def test_the_list_is_shipped_and_large():
    listed = passwords.common_passwords()
    assert len(listed) > 20_000 and "password1" in listed


@pytest.mark.parametrize("password", COMMON)
def test_common_passwords_are_refused(password):
    with pytest.raises(InvalidInput, match="常见弱密码"):
        PasswordPolicy().check(password, "someone")


@pytest.mark.parametrize("password, username", LIKE_THE_NAME)
def test_passwords_like_the_user_name_are_refused(password, username):
    with pytest.raises(InvalidInput, match="与用户名过于相似"):
        PasswordPolicy().check(password, username)


@pytest.mark.parametrize("password", ["Correct-Horse-9", "Brand-New-77", "river-stone7", "Xk9#mQ2v"])
def test_good_passwords_still_pass(password):
    PasswordPolicy().check(password, "wangfang")


def test_the_pages_refuse_a_common_password(loaded_app, accounts, browser):
    staff = browser("staff")
    response = staff.post("/account/password", {"old_password": PASSWORD, "new_password": "Password1",
                                                "confirm": "Password1"}, token_from="/account/password")
    assert response.status_code == 400 and "常见弱密码" in response.get_data(as_text=True)


def test_the_default_cost_meets_owasp_and_old_hashes_are_replaced_at_sign_in(kb, make_user):
    """The one test at the product's real cost: a hash made at 2^14 becomes 2^17."""
    assert PasswordHasher().n >= 2 ** 17
    user = make_user("zhang")
    kb.users.set_password(system_actor(), user.id, "Old-Cost-Pass-7")   # FAST_ACCOUNTS: 2^8
    strong = PasswordHasher()
    kb.auth.hasher = strong
    assert kb.auth.authenticate("zhang", "Old-Cost-Pass-7")
    stored = stored_hash(kb, user.id)
    assert stored.startswith(f"scrypt${strong.n}$8$1$") and strong.verify("Old-Cost-Pass-7", stored)
    kb.auth.authenticate("zhang", "Old-Cost-Pass-7")
    assert stored_hash(kb, user.id) == stored                           # once only


def stored_hash(kb, user_id):
    from accounts.user import User
    with kb.db.session() as session:
        return session.get(User, user_id).password_hash


def test_a_sheets_generated_passwords_are_marked_for_rehash():
    """A user sheet's random temporary passwords are hashed at 2^14 so 2,000 fit in a
    request; the first sign-in (which must change them anyway) brings them to 2^17."""
    strong = PasswordHasher()
    assert strong.for_generated().n == 2 ** 14 and strong.needs_rehash(strong.for_generated().hash("x"))
    assert PasswordHasher(n=2 ** 8).for_generated().n == 2 ** 8       # never more than asked
