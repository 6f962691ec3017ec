"""Fixtures of the security regression suite: the web app's and the quiz pages' fixtures,
so each attack runs against a real app on its own data directory."""
from tests.webapp.conftest import (accounts, add_user, app, browser, chromium,  # noqa: F401
                                   citing_app, client, loaded_app, make_case, runner, signed_in,
                                   web)
from tests.webapp.quiz.conftest import (api_for, browsers, make_question, make_round,  # noqa: F401
                                        paper, quiz, staff, started)
