"""The factory: configuration layers, the shared secret key, services built once."""
import pytest

from quizzes.services import Services
from webapp import SECRET_KEY_FILE, create_app, load_secret_key
from webapp.extensions import services


@pytest.fixture
def clean_env(monkeypatch, tmp_path):
    for name in ("KB_DATA_DIR", "KB_DATABASE_URL", "DATABASE_URL", "KB_SECRET_KEY",
                 "KB_SESSION_IDLE_MINUTES", "KB_SESSION_COOKIE_SECURE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("KB_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


def test_defaults_then_instance_file_then_environment(clean_env, monkeypatch):
    clean_env.mkdir()
    (clean_env / "webapp.cfg").write_text("SESSION_IDLE_MINUTES = 20\nWORKERS = 3\n", encoding="utf-8")
    monkeypatch.setenv("KB_SESSION_IDLE_MINUTES", "10")
    monkeypatch.setenv("KB_SESSION_COOKIE_SECURE", "true")
    app = create_app()
    try:
        assert app.config["SESSION_IDLE_MINUTES"] == 10        # environment beats the file
        assert app.config["WORKERS"] == 3                       # the file beats the defaults
        assert app.config["SESSION_COOKIE_SECURE"] is True
        assert app.config["SESSION_COOKIE_HTTPONLY"] is True    # default
        assert app.config["DATA_DIR"] == str(clean_env.resolve())
    finally:
        services(app).close()


def test_secret_key_is_generated_once_and_shared(clean_env):
    first, second = create_app(), create_app()
    try:
        key_file = clean_env / SECRET_KEY_FILE
        assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"] == key_file.read_text()
        assert len(first.config["SECRET_KEY"]) == 64 and key_file.stat().st_mode & 0o077 == 0
    finally:
        services(first).close()
        services(second).close()


def test_a_configured_secret_key_wins(clean_env, monkeypatch):
    monkeypatch.setenv("KB_SECRET_KEY", "from-the-environment")
    app = create_app()
    try:
        assert app.config["SECRET_KEY"] == "from-the-environment"
        assert not (clean_env / SECRET_KEY_FILE).exists()
    finally:
        services(app).close()


def test_load_secret_key_survives_a_race(tmp_path):
    path = tmp_path / "key"
    path.write_text("already-there")
    assert load_secret_key(path) == "already-there"


def test_test_mapping_replaces_file_and_environment(app, monkeypatch):
    assert app.config["TESTING"] and app.config["SECRET_KEY"] == "test-secret-key"
    built = services(app)
    assert isinstance(built, Services)
    assert services(app) is built  # built once
