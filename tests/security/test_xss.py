"""Stored and reflected XSS: each classic payload (script elements, event handlers,
javascript: URLs, SVG, Markdown link and image tricks, attribute breaking, unicode tricks)
is put into every field a page renders — case title, body, tags and summary; guide entry
title, description and advice; question stem, options and explanation; round titles; user
display names; department and audit-type names; notices; search queries — and every page
showing them is parsed: no element, attribute or URL that would run script may appear.

The app itself has no inline script or handler (its CSP forbids them), so the checks are
absolute: any inline <script>, any on* attribute, any javascript:/vbscript:/data: URL in
a link or source, any <iframe>/<object>/<embed>/<base>/<meta http-equiv> is a finding.
"""
from __future__ import annotations

from accounts.permissions import actor_of, system_actor
import datetime as dt
from html.parser import HTMLParser
from urllib.parse import quote

import pytest

from kb.cases.values import CaseInput
from core.errors import KbError
from kb.guide.values import BasisInput, GuideInput
from accounts.user_admin import NewUser
from quizzes.notify.notifier import Announcement
from quizzes.training.lectures import LectureInput
from webapp.extensions import services

PAYLOADS = (
    "<script>alert(1)</script>", "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>", "<svg onload=alert(1)>", "<svg><script>alert(1)</script></svg>",
    "<body onload=alert(1)>", "<iframe src=javascript:alert(1)>", "<a href=\"javascript:alert(1)\">点</a>",
    "<a href=\"JaVaScRiPt:alert(1)\">点</a>", "<a href=\"jav&#x09;ascript:alert(1)\">点</a>",
    "<a href=\"&#106;avascript:alert(1)\">点</a>", "\"><script>alert(1)</script>",
    "'><img src=x onerror=alert(1)>", "\" onmouseover=\"alert(1)", "' onfocus='alert(1)' autofocus='",
    "</textarea><script>alert(1)</script>", "</title><script>alert(1)</script>",
    "<style>@import 'javascript:alert(1)';</style>", "<input autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>", "<math><mtext><img src=x onerror=alert(1)></mtext></math>",
    "<object data=\"javascript:alert(1)\">", "<embed src=\"javascript:alert(1)\">",
    "<base href=\"javascript:alert(1)//\">", "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
    "[点我](javascript:alert(1))", "[点我](JAVASCRIPT:alert(1))", "![x](javascript:alert(1))",
    "[点我](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![x](x\" onerror=\"alert(1))", "[a](<javascript:alert(1)>)", "<javascript:alert(1)>",
    "[x]: javascript:alert(1)\n\n[点][x]", "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "\u003cscript\u003ealert(1)\u003c/script\u003e", "＜script＞alert(1)＜/script＞",
    "<a href=\"java\u0000script:alert(1)\">点</a>", "{{7*7}}<script>alert(1)</script>",
    "<form action=javascript:alert(1)><button>x</button></form>",
    "<a href=\"vbscript:msgbox(1)\">点</a>", "<video><source onerror=alert(1)></video>",
    "`<img src=x onerror=alert(1)>`", "<x onclick=alert(1)>点</x>",
)
DANGEROUS_TAGS = {"iframe", "object", "embed", "base", "frame", "frameset", "applet"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcset"}
BAD_SCHEMES = ("javascript:", "vbscript:", "data:text/html")


class ScriptFinder(HTMLParser):
    """Everything in a page that could run script."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.findings: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag, attrs):
        self._check(tag, attrs)

    def handle_startendtag(self, tag, attrs):
        self._check(tag, attrs)

    def _check(self, tag, attrs):
        values = dict(attrs)
        if tag == "script" and not (values.get("src") or "").startswith("/static/"):
            self.findings.append(f"inline <script> {attrs}")
        if tag in DANGEROUS_TAGS or (tag == "meta" and "http-equiv" in values):
            self.findings.append(f"<{tag}> {attrs}")
        for name, value in attrs:
            if name.startswith("on"):
                self.findings.append(f"<{tag} {name}={value!r}>")
            squashed = "".join(ch for ch in (value or "") if ch > " ").lower()
            if name in URL_ATTRIBUTES and squashed.startswith(BAD_SCHEMES):
                self.findings.append(f"<{tag} {name}={value!r}>")


def findings(page: str) -> list[str]:
    parser = ScriptFinder()
    parser.feed(page)
    parser.close()
    return parser.findings


def test_the_finder_finds_what_it_should():
    assert findings("<p><img src=x onerror=alert(1)></p>") and findings("<script>x</script>")
    assert findings('<a href=" JaVa\tScript:alert(1)">x</a>') and findings("<iframe></iframe>")
    assert not findings('<script src="/static/app.js" defer></script><a href="/laws">x</a>')


@pytest.fixture
def plant(citing_app, accounts, quiz, make_round, add_user):
    """plant(i, payload) → the pages showing payload i in every field (url, role)."""
    app = citing_app
    kb = services(app)
    trainer, system = actor_of(accounts["trainer"]), system_actor()

    def attempt(action):
        try:
            return action()
        except KbError:
            return None  # refused as input: nothing to render

    def plant(index: int, payload: str) -> list[tuple[str, str]]:
        mark = f"x{index}"
        case = attempt(lambda: kb.cases.create_case(trainer, CaseInput(
            f"{payload}{mark}", f"{payload}{mark}"[:40], f"{payload}\n\n正文 {payload}", tags=(payload[:30],),
            summary=payload, source=payload), publish=True))
        entry = attempt(lambda: kb.guide.create_entry(trainer, GuideInput(
            f"xss-{index}", f"{payload}{mark}", payload[:40], (f"词{mark}",), payload, payload,
            (BasisInput("样例财政法", 2),), (BasisInput("样例财政法", 3),))))
        question = attempt(lambda: quiz.bank.create_question(trainer, {
            "type": "single", "stem": f"{payload}{mark}", "options": [payload, f"乙{mark}"],
            "answer": "o1", "explanation": payload, "tags": [payload[:30]]}).id)
        if question:
            quiz.bank.review(actor_of(accounts["admin"]), [question])
            quiz.bank.publish(actor_of(accounts["admin"]), [question])
        department = attempt(lambda: kb.departments.create(system, f"{payload}{mark}"[:100]))
        user = attempt(lambda: kb.users.create_user(system, NewUser(
            f"xss{index}", f"{payload}{mark}"[:50], "staff",
            f"{payload}{mark}"[:100] if department else None, "Long-enough-pass-9", False)).user)
        attempt(lambda: kb.audit_types.add_type(trainer, f"{payload}{mark}"[:40]))
        services(app).push.notifier.announce(Announcement(
            key=f"xss:{index}", title=payload, body=payload, link=payload,
            user_ids=(accounts["staff"].id,), group_body=payload))
        pages = [("/cases", "staff"), ("/guide", "staff"), ("/notices", "staff"), ("/rounds", "staff"),
                 ("/admin/users", "admin"), ("/admin/departments", "admin"), ("/admin/audit", "admin"),
                 ("/cases/audit-types", "trainer"), ("/bank", "trainer"),
                 (f"/search?q={quote(payload)}", "staff"), (f"/cases?q={quote(payload)}", "staff"),
                 (f"/bank?q={quote(payload)}", "trainer"), (f"/citations/check?text={quote(payload)}", "staff")]
        if case:
            pages += [(f"/cases/{case.id}", "staff"), (f"/cases/{case.id}/edit", "trainer")]
        if entry:
            pages += [(f"/guide/{entry.slug}", "staff"), (f"/guide/{entry.slug}/edit", "trainer")]
        if question:
            round_id = make_round([question], title=f"{payload}{mark}"[:100])
            if user:  # results show the taker's name and department
                taken = quiz.attempts.start(actor_of(user), round_id)
                quiz.attempts.submit(actor_of(user), taken.attempt_id)
            pages += [(f"/bank/{question}", "trainer"), (f"/bank/{question}/edit", "trainer"),
                      (f"/rounds/{round_id}", "staff"), (f"/rounds/{round_id}/results", "trainer"),
                      (f"/rounds/{round_id}/edit", "trainer")]
            mine = quiz.attempts.start(actor_of(accounts["staff"]), round_id)
            pages.append((f"/attempts/{mine.attempt_id}", "staff"))
        lecture = attempt(lambda: kb.lectures.create(trainer, LectureInput(
            f"{payload}{mark}"[:200], "lecture", payload[:100], dt.date(2026, 3, 1), 1.0, payload)))
        if lecture:
            attempt(lambda: kb.lectures.add_material(trainer, lecture, f"{payload}{mark}.pdf", b"%PDF-1.4"))
            if user:
                kb.lectures.set_attendance(trainer, lecture, [user.id])
                pages += [(f"/record/people/{user.id}?year=2026", "trainer")]
            pages += [("/lectures", "staff"), (f"/lectures/{lecture}", "staff"), (f"/lectures/{lecture}", "trainer"),
                      (f"/lectures/{lecture}/edit", "trainer"), (f"/lectures/{lecture}/attendance", "trainer"),
                      ("/record/annual?year=2026", "trainer")]
        return pages
    return plant


def test_every_payload_in_every_field_is_inert(plant, browsers):
    problems, pages_checked, shown = [], 0, 0
    for index, payload in enumerate(PAYLOADS):
        for url, role in plant(index, payload):
            response = browsers[role].client.get(url)
            assert response.status_code in (200, 400), (url, response.status_code)
            page = response.get_data(as_text=True)
            pages_checked += 1
            shown += f"x{index}" in page
            problems += [(index, url, found) for found in findings(page)]
    assert not problems, problems[:10]
    # The payloads were stored and shown (escaped), not refused at the door.
    assert len(PAYLOADS) >= 40 and pages_checked > 40 * 15 and shown > 40 * 10, (pages_checked, shown)
