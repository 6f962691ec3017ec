"""The OpenAPI document tells the truth: it names exactly the API's routes, and
schemathesis, generating requests from it against the app — one operation at a time, and
as workflows following the document's links (create a round → start an attempt → save an
answer → submit → close) — finds every response conforming (status codes, content types,
bodies) and no server errors.

KB_SCHEMATHESIS_EXAMPLES sets the examples per operation (40 by default: about 2 CPU-minutes);
the workflows run half as many sequences of up to 10 calls.  Under CI (CI=true) the examples
are derandomized, so a submission is judged on the same requests its author ran with
CI=true; elsewhere every run draws new ones and may find new faults.
"""
import datetime as dt
import os
import re

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.stateful import run_state_machine_as_test
from schemathesis import GenerationMode
from schemathesis.core.parameters import ParameterLocation
from schemathesis.specs.openapi.checks import ignored_auth, positive_data_acceptance

from accounts.permissions import actor_of, system_actor
from quizzes.round_spec import RoundSpec
from tests.support.questions import SAMPLES
from webapp.api.openapi import document
from webapp.extensions import services


def api_routes(app) -> set[tuple[str, str]]:
    routes = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/"):
            path = re.sub(r"<(?:\w+(?:\([^)]*\))?:)?(\w+)>", r"{\1}", rule.rule[len("/api/v1"):])
            routes.update((path, m.lower()) for m in rule.methods - {"HEAD", "OPTIONS"})
    return routes


def test_document_names_exactly_the_api_routes(app):
    documented = {(path, method) for path, ops in document()["paths"].items() for method in ops}
    assert documented == api_routes(app)


def test_document_is_served(client):
    data = client.get("/api/v1/openapi.json").json
    assert data["openapi"].startswith("3.") and "/laws/{law_id}/articles/{no}" in data["paths"]


# Negative cases need something to get wrong: operations taking no input get positive ones only.
OPERATIONS = sorted((path, method, mode) for path, ops in document()["paths"].items()
                    for method, spec in ops.items()
                    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
                    if mode == GenerationMode.POSITIVE or spec.get("parameters") or spec.get("requestBody"))
EXAMPLES = int(os.environ.get("KB_SCHEMATHESIS_EXAMPLES", "40"))
DERANDOMIZE = os.environ.get("CI") == "true"
HYPOTHESIS = settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=DERANDOMIZE,
                      suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


def _survives_encoding(name: str, value) -> bool:
    """Whether a query parameter reaches the server: nested objects, empty lists and
    empty names are dropped when the query string is written."""
    scalar = (str, int, float, bool)
    return bool(name) and (isinstance(value, scalar)
                           or isinstance(value, list) and any(isinstance(v, scalar) for v in value))


def is_distinguishable(case) -> bool:
    """False for a "negative" case that is valid on the wire: a query string carries only
    text, so an integer put where a string belongs (q=0) arrives as a valid string; an
    extra parameter the query string cannot carry is dropped on the way; and a broken
    Authorization header is replaced by the test's own.  The mutation record is
    schemathesis-internal (pinned version)."""
    if "" in (case.query or {}):
        return False
    phase = getattr(case._meta, "phase", None)
    mutations = getattr(getattr(phase, "data", None), "mutations", ()) or ()
    documented = {p.name for p in case.operation.query}
    extra_sent = any(_survives_encoding(name, value) for name, value in (case.query or {}).items()
                     if name not in documented)
    effective = [m for m in mutations if m.parameter_location != ParameterLocation.HEADER
                 and not (m.parameter_location == ParameterLocation.QUERY
                          and m.keywords == ("additionalProperties",) and not extra_sent)]
    if mutations and not effective:
        return False
    return not any(m.parameter_location == ParameterLocation.QUERY and m.keywords == ("type",)
                   and m.original_value == "string" and m.new_value in ("integer", "number", "boolean")
                   for m in effective)


@pytest.mark.parametrize("path, method, mode", OPERATIONS, ids=lambda v: getattr(v, "value", v))
def test_api_conforms_to_its_document(loaded_app, accounts, path, method, mode):
    """schemathesis' Python API drives the app (its pytest plugin predates pytest 9)."""
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", loaded_app)
    operation = schema[path][method.upper()]
    tokens = services(loaded_app).tokens
    # Writes that need a trainer say so; the others run as the least privileged role.
    spec = document()["paths"][path][method]
    role = spec.get("x-required-role", "staff")
    # A body checked against the library (audit types, articles) may be refused although
    # the schema allows it; every other check (no 500, documented answers) still runs.
    excluded = [positive_data_acceptance] if spec.get("x-checked-by-domain") else []

    @HYPOTHESIS
    @given(case=operation.as_strategy(generation_mode=mode).filter(is_distinguishable))
    def check(case):
        token = tokens.issue(system_actor(), accounts[role]).token
        case.call_and_validate(headers={"Authorization": f"Bearer {token}"},
                               excluded_checks=excluded)

    check()


@pytest.fixture
def open_round(loaded_app, accounts, clock):
    """A published question of each type in an open round, for workflows to start from."""
    quiz = services(loaded_app)
    trainer, admin = actor_of(accounts["trainer"]), actor_of(accounts["admin"])
    ids = [quiz.bank.create_question(trainer, data).id for data in SAMPLES.values()]
    quiz.bank.review(admin, ids)
    quiz.bank.publish(admin, ids)
    spec = RoundSpec(title="接口练兵", opens_at=clock.now(), closes_at=clock.now() + dt.timedelta(days=7),
                     question_ids=tuple(ids))
    round_id = quiz.rounds.create_round(trainer, spec).summary.id
    quiz.lifecycle.publish_round(trainer, round_id)
    return round_id


def test_api_workflows_follow_the_links(loaded_app, accounts, open_round):
    """Stateful: sequences of calls where each feeds the next through the document's links
    (and the links schemathesis infers: GET /rounds lists the open round), as a trainer —
    who may also take rounds."""
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", loaded_app)
    tokens = services(loaded_app).tokens
    spec = document()["paths"]
    domain_checked = {spec[path][method].get("operationId") for path in spec for method in spec[path]
                      if spec[path][method].get("x-checked-by-domain")}

    class TrainerWorkflow(schema.as_state_machine()):
        def get_call_kwargs(self, case):
            # A fresh token per call: DELETE /auth/token revokes the one it is sent with.
            token = tokens.issue(system_actor(), accounts["trainer"]).token
            return {"headers": {"Authorization": f"Bearer {token}"}}

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            # The generated Authorization header is replaced by the trainer's (as in the
            # tests above): ignored_auth would take the replacement for a bypass.
            excluded = [ignored_auth]
            if case.operation.definition.raw.get("operationId") in domain_checked:
                excluded.append(positive_data_acceptance)
            case.validate_response(response, excluded_checks=excluded, recorder=self.recorder,
                                   transport_kwargs=kwargs or None)

    run_state_machine_as_test(TrainerWorkflow, settings=settings(
        HYPOTHESIS, max_examples=max(EXAMPLES // 2, 5), stateful_step_count=10))
