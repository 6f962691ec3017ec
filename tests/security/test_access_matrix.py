"""The access matrix: every route of the app's URL map × every identity (anonymous, staff,
another staff member, trainer, admin), and, for every route that names something a person
owns (an attempt, its answers, a notice, an API token, a private 自测 round, bookmarks),
the owner's object attacked by everyone else.

Both halves are generated from the URL map: a new route gets the role half at once, and a
new route with an id in its URL fails `test_every_route_with_an_id_is_classified` until
it is listed as personal (with an attack below) or as shared (checked by role only).
"""
import datetime as dt

import pytest

from accounts.user import has_role
from accounts.permissions import actor_of, system_actor
from quizzes.notify.notifier import Announcement
from quizzes.practice import PracticeRequest
from kb.cases.values import CaseInput
from quizzes.case_contest.values import ContestInput, EntryInput
from tests.support.environment import START
from tests.support.web import Web
from tests.webapp.test_access import GRADERS, routes
from webapp.extensions import services
from webapp.security import PUBLIC, access_level

IDENTITIES = (None, "staff", "other", "trainer", "admin")
ROLE_OF = {"staff": "staff", "other": "staff", "trainer": "trainer", "admin": "admin"}
# Routes naming an object one person owns: attacked below by everyone but the owner.
PERSONAL = {
    "attempts.show", "attempts.check", "attempts.save", "attempts.submit",
    "attempts.confirm_submit", "attempts.flag", "api.quiz.flag_question",
    "api.quiz.save_answer", "api.quiz.submit", "api.quiz.get_attempt", "inbox.open_notice", "me.revoke_token",
    "rounds.show", "rounds.start", "api.quiz.get_round", "api.quiz.start_attempt",
    "training.person", "training.person_export",
    # 学法记录: a person's year of lectures, rounds and practice.
    "record.person", "record.person_export",
    # 申请复核 and consent to be named under a 示范答案: the owner's attempt only.
    "regrade.request_regrade", "regrade.set_named", "api.marking.request_regrade",
    # 案例评比: a submitted case is its authors' until judging (trainers and, once the
    # window closes, judges read it; only authors change it).
    "case_contests.entries.show", "case_contests.entries.edit", "case_contests.entries.withdraw",
    "case_contests.entries.resubmit",
}
# Routes naming shared things (statutes, cases, guide entries, questions, rounds' admin
# pages, users and jobs for the admin): role checks only.
SHARED = {
    "admin.departments.delete", "admin.departments.rename", "admin.imports.job",
    "admin.imports.job_status", "admin.notices.resend", "admin.notices.edit_robot",
    "admin.notices.delete_robot", "admin.notices.test_robot", "admin.users.edit",
    "admin.users.disable", "admin.users.enable", "admin.users.reset_password",
    "admin.users.unlock", "api.cases.read", "api.cases.update", "api.cases.publish",
    "api.cases.unpublish", "api.guide.read", "api.guide.update", "api.laws.statute",
    "api.laws.article", "api.citations.backlinks", "api.quiz.close_round",
    "api.quiz.round_results", "api.quiz.round_stats", "bank.show", "bank.edit",
    "bank.reports.resolve", "cases.show", "cases.delete", "cases.files.download", "cases.edit",
    "cases.publish", "cases.history.index", "cases.history.show", "cases.history.restore",
    "cases.unpublish", "cases.types.set_active", "cases.types.move", "cases.types.rename",
    "guide.show", "guide.delete", "guide.edit", "library.statute", "library.article",
    "library.compare", "library.favourite", "library.save_note", "attempts.report",
    "round_admin.cancel", "round_admin.close", "round_admin.edit", "round_admin.extend",
    "round_admin.open_now", "round_admin.publish", "round_admin.questions",
    "round_admin.set_questions", "round_results.show", "round_results.export",
    "library.correspondence", "library.download", "api.laws.correspondence",
    "admin.legal_time.index", "admin.legal_time.dates", "admin.legal_time.repeal",
    "marking.round_grading", "marking.save", "api.marking.round_grading", "api.marking.grade_answer",
    "api.marking.grade_part", "competition.live", "competition.sheet", "competition.certificates",
    # 关注: the statute is shared; whose follow it is comes from the signed-in user only.
    "updates.follow", "updates.unfollow", "api.updates.follow", "api.updates.unfollow",
    "updates.retired", "admin.versions.show", "admin.versions.replace", "admin.versions.withdraw",
    # Graders' work (the domain refuses everyone else): 示范答案 and deciding 复核 requests.
    "marking.choose_exemplary", "api.marking.choose_exemplary", "regrade.show", "regrade.decide",
    "api.marking.regrade_case", "api.marking.decide_regrade",
    # Lectures and their materials are the bureau's; trainers record them (issue 16).
    "lectures.show", "lectures.edit", "lectures.delete", "lectures.attendance", "lectures.import_attendance",
    "lectures.upload_material", "lectures.material", "lectures.delete_material",
    # 以案释法 packs: the bureau's handouts, any trainer's to use (issue 16 K).
    "law_packs.show", "law_packs.edit", "law_packs.add_meeting", "law_packs.preview",
    "law_packs.projector", "law_packs.docx", "law_packs.pdf", "law_packs.remove_meeting",
    # 案例评比: the contest is shared (trainers manage it); scoring is the judges' work,
    # which the domain refuses everyone else.
    "case_contests.show", "case_contests.edit", "case_contests.awards", "case_contests.publish",
    "case_contests.results_sheet", "case_contests.compilation", "case_contests.compilation_docx",
    "case_contests.entries.create", "case_contests.judging.index", "case_contests.judging.score",
    "api.contests.results", "api.contests.judging", "api.contests.score",
    # 后台导出: the round is shared; an export job is its trainer's, which the domain checks
    # (tests/webapp/quiz/test_export_job.py: another trainer is refused, an admin served).
    "round_results.export_later", "round_results.export_job", "round_results.export_status",
    "round_results.export_file",
}



def test_every_route_with_an_id_is_classified(loaded_app):
    with_ids = {rule.endpoint for rule in loaded_app.url_map.iter_rules()
                if rule.arguments and rule.endpoint != "static"}
    unclassified = with_ids - PERSONAL - SHARED
    assert not unclassified, f"say whether these name a person's object: {sorted(unclassified)}"
    assert not (PERSONAL | SHARED) - with_ids, "stale entries"


@pytest.fixture
def world(loaded_app, accounts, add_user, quiz, make_question, make_round):
    """Staff A's things: an attempt with an answer in an open round, a private 自测 round,
    a notice, an API token, a favourite and a note; and a signed-in browser and a token for
    every identity (B is another staff member)."""
    kb = services(loaded_app)
    other = add_user("other", "staff")
    owner = accounts["staff"].id
    acting = actor_of(accounts["staff"])
    question = make_question("single")
    make_question("single")  # for the private round: an open round's questions are embargoed
    round_id = make_round([question])
    attempt = quiz.attempts.start(acting, round_id)
    first_option = attempt.questions[0].options[0].id
    quiz.attempts.save_answer(acting, attempt.attempt_id, question, first_option)
    statute = kb.library.find_statute("样例审计法")
    private = quiz.practice.start(acting, PracticeRequest(statute_ids=(statute.id,), count=1))
    services(loaded_app).push.notifier.announce(Announcement(
        key="round:1:open", title="甲的通知", body="只给甲", link="/rounds", user_ids=(owner,),
        group_body="甲的通知"))
    notice = services(loaded_app).inbox.notices(acting).items[0].id
    token = kb.tokens.issue(system_actor(), accounts["staff"], "甲的令牌")
    kb.bookmarks.set_favourite(acting, statute.id, 2, 0, True)
    kb.bookmarks.save_note(acting, statute.id, 2, 0, "甲的私人笔记")
    contest = kb.case_contests.open_contest(system_actor(), ContestInput(
        "评比", START - dt.timedelta(hours=1), START + dt.timedelta(days=7), judges=("trainer", "admin")))
    entry = kb.contest_entries.submit(acting, contest, EntryInput(CaseInput(
        "甲的参评案例", "预算执行", "违反《中华人民共和国样例审计法》第四条。"))).id
    browsers = {None: Web(loaded_app.test_client())}
    users = {**accounts, "other": other}
    for identity in IDENTITIES[1:]:
        browsers[identity] = Web(loaded_app.test_client())
        assert browsers[identity].login(users[identity].username).status_code == 302

    def token_for(identity):
        return kb.tokens.issue(system_actor(), users[identity]).token
    values = {"attempt_id": attempt.attempt_id, "question_id": question, "notice_id": notice,
              "token_id": token.info.id,
              "round_id": private.round_id, "user_id": owner, "entry_id": entry}
    return dict(browsers=browsers, token_for=token_for, values=values, owner=owner, acting=acting, quiz=quiz, kb=kb,
                attempt=attempt.attempt_id, question=question, option=first_option,
                private=private, notice=notice, token=token, statute=statute.id, round=round_id,
                entry=entry)


def request(app, world, identity, method, url, csrf=True, cookie=False, **kwargs):
    """A request as `identity`: a bearer token on the API (unless `cookie`), the signed-in
    browser (with its CSRF token, unless `csrf` is False) elsewhere."""
    if url.startswith("/api/") and not cookie:
        # A fresh token each time: DELETE /api/v1/auth/token revokes the one it is sent with.
        headers = {"Authorization": f"Bearer {world['token_for'](identity)}"} if identity else {}
        return app.test_client().open(url, method=method, headers=headers,
                                      json=kwargs.get("json", {}))
    web = world["browsers"][identity]
    if method == "GET" or not csrf:
        return web.client.open(url, method=method)
    token = web.csrf("/me/account") if identity else ""
    if "json" in kwargs:
        return web.client.open(url, method=method, json=kwargs["json"], headers={"X-CSRFToken": token})
    return web.client.open(url, method=method, data={"csrf_token": token, **kwargs.get("data", {})})


def test_every_route_by_every_identity(loaded_app, world):
    """Role level: 5 identities × every route; a personal route names staff A's object,
    which only A may read (writes to it are the attacks below)."""
    problems, tried = [], 0
    rules = {rule.endpoint: rule for rule in loaded_app.url_map.iter_rules()}
    for endpoint, method, url in routes(loaded_app):
        if endpoint in PERSONAL:
            if method != "GET":
                continue
            url = loaded_app.url_map.bind("localhost").build(
                endpoint, {a: world["values"][a] for a in rules[endpoint].arguments})
        level = access_level(loaded_app, endpoint)
        for identity in IDENTITIES:
            tried += 1
            response = request(loaded_app, world, identity, method, url, csrf=False)
            status = response.status_code
            allowed = level == PUBLIC or (identity is not None and has_role(ROLE_OF[identity], level))
            to_login = status == 302 and response.location.startswith("/login")
            if status >= 500 and not (endpoint == "main.ready" and status == 503):
                # /readyz answers 503 by design while this app has no search index.
                problems.append((endpoint, method, identity, status, "server error"))
            elif allowed and identity and (status in (401, 403) or to_login) \
                    and endpoint != "auth.login" and endpoint not in PERSONAL \
                    and not (endpoint in GRADERS and ROLE_OF[identity] == "staff"):
                problems.append((endpoint, method, identity, status, "refused but allowed"))
            elif not allowed and identity is None and not (to_login or status == 401):
                problems.append((endpoint, method, identity, status, "anonymous let through"))
            elif not allowed and identity is not None and status != 403:
                problems.append((endpoint, method, identity, status, "not refused"))
            elif endpoint in PERSONAL and identity == "other" and status < 400:
                problems.append((endpoint, method, identity, status, "another's object served"))
            elif endpoint == "attempts.show" and identity == "staff" and status != 200:
                problems.append((endpoint, method, identity, status, "owner refused"))
    assert not problems
    assert tried == 5 * (len(list(routes(loaded_app))) - sum(
        1 for e, m, _ in routes(loaded_app) if e in PERSONAL and m != "GET"))


def refused(response) -> bool:
    return response.status_code in (403, 404)


def test_another_staff_member_cannot_touch_my_attempt(loaded_app, world):
    attempt, question, quiz = world["attempt"], world["question"], world["quiz"]
    base = f"/attempts/{attempt}"
    second = quiz.attempts.get_attempt(world["acting"], attempt).questions[0].options[1].id
    for identity in ("other", "trainer", "admin"):
        attacks = [("GET", base, {}),
                   ("PUT", f"/api/v1/attempts/{attempt}/answers/{question}",
                    {"json": {"answer": second}, "cookie": True}),
                   ("POST", f"{base}/save", {"data": {f"q{question}": second}}),
                   ("POST", f"{base}/check/{question}", {}), ("POST", f"{base}/submit", {}),
                   ("GET", f"{base}/submit", {}), ("POST", f"{base}/flag/{question}", {"data": {"flag": "on"}}),
                   ("PUT", f"/api/v1/attempts/{attempt}/flags/{question}", {"json": {"flagged": True}}),
                   ("PUT", f"/api/v1/attempts/{attempt}/flags/{question}",
                    {"json": {"flagged": True}, "cookie": True}),
                   ("PUT", f"/api/v1/attempts/{attempt}/answers/{question}", {"json": {"answer": second}}),
                   ("POST", f"/api/v1/attempts/{attempt}/submit", {}),
                   ("POST", f"/api/v1/attempts/{attempt}/submit", {"cookie": True}),
                   ("POST", f"{base}/answers/{question}/regrade", {"data": {"reason": "改分"}}),
                   ("POST", f"{base}/answers/{question}/named", {"data": {"named": "y"}}),
                   ("POST", f"/api/v1/attempts/{attempt}/answers/{question}/review-request",
                    {"json": {"reason": "改分"}})]
        for method, url, kwargs in attacks:
            response = request(loaded_app, world, identity, method, url, **kwargs)
            assert refused(response), (identity, method, url, response.status_code)
    view = quiz.attempts.get_attempt(world["acting"], attempt)
    assert view.status != "submitted" and view.submitted_at is None and view.flagged == ()
    assert world["browsers"]["staff"].client.get(base).status_code == 200


def test_another_staff_member_cannot_see_or_use_my_private_round(loaded_app, world):
    round_id = world["private"].round_id
    for identity in ("other",):
        for method, url in (("GET", f"/rounds/{round_id}"), ("POST", f"/rounds/{round_id}/start"),
                            ("GET", f"/api/v1/rounds/{round_id}"),
                            ("POST", f"/api/v1/rounds/{round_id}/attempts"),
                            ("GET", f"/attempts/{world['private'].attempt_id}")):
            response = request(loaded_app, world, identity, method, url)
            assert refused(response), (identity, method, url, response.status_code)


def test_my_notice_token_and_bookmarks_are_mine(loaded_app, world):
    owner = world["acting"]
    token_id = world["values"]["token_id"]
    for identity in ("other", "trainer", "admin"):
        assert refused(request(loaded_app, world, identity, "POST", f"/notices/{world['notice']}/open"))
        assert refused(request(loaded_app, world, identity, "POST", f"/me/tokens/{token_id}/revoke"))
        for page in ("/me/notes", "/me/favourites", "/me/account", "/notices"):
            text = world["browsers"][identity].text(page)
            assert "甲的私人笔记" not in text and "甲的令牌" not in text and "甲的通知" not in text, page
    notices = services(loaded_app).inbox.notices(owner).items
    assert not notices[0].is_read
    mine = loaded_app.test_client().get("/api/v1/me", headers={
        "Authorization": f"Bearer {world['token'].token}"})
    assert mine.status_code == 200
    assert "甲的私人笔记" in world["browsers"]["staff"].text("/me/notes")


def test_staff_cannot_read_another_persons_record(loaded_app, world):
    owner = world["owner"]
    for url in (f"/training/people/{owner}", f"/training/people/{owner}/record.xlsx", f"/record/people/{owner}",
                f"/record/people/{owner}/record.xlsx"):
        assert world["browsers"]["other"].client.get(url).status_code == 403
        assert world["browsers"]["trainer"].client.get(url).status_code == 200


def test_another_person_cannot_change_or_read_my_contest_entry(loaded_app, world):
    entry = world["entry"]
    base = f"/contests/entries/{entry}"
    for identity in ("other", "trainer", "admin"):
        for method, url, kwargs in (("POST", f"{base}/withdraw", {}), ("POST", f"{base}/resubmit", {}),
                                    ("POST", f"{base}/edit", {"data": {"title": "改", "audit_type": "预算执行",
                                                                      "body": "改"}})):
            response = request(loaded_app, world, identity, method, url, **kwargs)
            assert refused(response), (identity, method, url, response.status_code)
    assert refused(request(loaded_app, world, "other", "GET", base))
    view = world["kb"].contest_entries.get_entry(world["acting"], entry)
    assert view.status == "submitted" and view.case.title == "甲的参评案例"
    assert world["browsers"]["staff"].client.get(base).status_code == 200
