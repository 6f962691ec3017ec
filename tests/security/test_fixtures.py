"""The suite's fixtures give a signed-in app per role (the base every attack starts from)."""


def test_each_role_signs_in_on_its_own_client(browser):
    for role in ("staff", "trainer", "admin"):
        assert browser(role).get("/me/account").status_code == 200
