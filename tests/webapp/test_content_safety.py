"""XSS payloads typed into cases, guide entries and the citation check — through the
forms and through the API — reach the served pages as harmless text: no script, no
event attribute, no javascript: or data: link, no frame, no style."""
from html.parser import HTMLParser

import pytest

from accounts.permissions import system_actor
from webapp.extensions import services

PAYLOADS = [
    "<script>alert('x1')</script>",
    "<img src=x onerror=alert('x2')>",
    "<svg/onload=alert('x3')>",
    '"><script>alert("x4")</script>',
    "<<script>script>alert('x5')<</script>/script>",
    "[点我](javascript:alert('x6'))",
    "[点我](JaVaScRiPt:alert('x7'))",
    "![图](javascript:alert('x8'))",
    "[数据](data:text/html;base64,PHNjcmlwdD5hbGVydCgneDknKTwvc2NyaXB0Pg==)",
    '<a href="javascript:alert(\'x10\')">链接</a>',
    '<a href="&#106;avascript:alert(\'x11\')">链接</a>',
    '<iframe src="https://evil.example/x12"></iframe>',
    '<div style="background:url(javascript:alert(\'x13\'))">样式</div>',
    "<details open ontoggle=alert('x14')>",
    '<math><mi xlink:href="javascript:alert(\'x15\')">x</mi></math>',
    "<style>body{display:none}</style>",
    "《<script>alert('x17')</script>法》第一条",
    "[《中华人民共和国样例审计法》第四条](javascript:alert('x18'))",
    "《样例审计法\"><img src=x onerror=alert('x19')>》第四条",
    '<form action="javascript:alert(\'x20\')"><button>提交</button></form>',
    "`<script>alert('x21')</script>`",
    "<object data=\"javascript:alert('x22')\"></object>",
]
PAYLOAD_TEXT = "\n\n".join(PAYLOADS)
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href", "background", "poster"}
FORBIDDEN_TAGS = {"iframe", "object", "embed", "svg", "math", "style", "frame", "frameset", "base",
                  "meta", "link", "form"}


class PageAudit(HTMLParser):
    """Every element of a served page that could run code or load something foreign."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.in_head = False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            value = (value or "").strip().lower()
            if name.startswith("on") or name == "style":
                self.problems.append(f"<{tag} {name}=…>")
            if name in URL_ATTRIBUTES and value.startswith(("javascript:", "data:", "vbscript:")):
                self.problems.append(f"<{tag} {name}={value[:30]}>")
            if name in URL_ATTRIBUTES and value.startswith(("http:", "https:", "//")) and tag != "a":
                self.problems.append(f"<{tag} {name}={value[:30]}> loads a foreign resource")
        attributes = dict(attrs)
        if tag == "script" and not (attributes.get("src") or "").startswith("/static/"):
            self.problems.append("<script> that is not the site's own file")
        if tag == "form":
            action = (attributes.get("action") or "").lower()
            if action and not action.startswith("/"):
                self.problems.append(f"<form action={action[:30]}>")
        elif tag in FORBIDDEN_TAGS and not (self.in_head and tag in ("link", "meta")):
            self.problems.append(f"<{tag}>")
        if tag == "head":
            self.in_head = True

    def handle_endtag(self, tag):
        if tag == "head":
            self.in_head = False


def audit(page: str) -> list[str]:
    parser = PageAudit()
    parser.feed(page)
    parser.close()
    return parser.problems


def test_the_audit_catches_what_it_should():
    assert audit('<img src=x onerror="alert(1)">') and audit('<a href="javascript:alert(1)">')
    assert audit("<script>alert(1)</script>") and audit("<iframe src=/x></iframe>")
    assert not audit('<script src="/static/app.js"></script><a href="/laws/1">x</a>')


def test_payloads_in_a_case_written_in_the_browser(citing_app, browser):
    trainer, staff = browser("trainer"), browser("staff")
    form = {"title": PAYLOADS[1] + " 标题", "audit_type": "预算执行", "case_date": "2023-01-01",
            "source": PAYLOADS[0], "tags": PAYLOADS[3], "summary": PAYLOADS[2],
            "body": PAYLOAD_TEXT, "note": PAYLOADS[4]}
    response = trainer.post("/cases/new", {**form, "publish": "1"})
    assert response.status_code == 302
    case_url = response.location
    case_id = int(case_url.rsplit("/", 1)[1])
    edited = trainer.post(f"{case_url}/edit", {**form, "body": PAYLOAD_TEXT + "\n\n补充", "revision": "1"})
    assert edited.status_code == 302
    pages = {url: trainer.text(url) for url in (
        case_url, "/cases", f"{case_url}/edit", f"{case_url}/revisions",
        f"{case_url}/revisions/1", f"{case_url}/delete")}
    pages["staff case page"] = staff.text(case_url)
    law = services(citing_app).library.find_statute("样例审计法").id
    pages["article backlinks"] = staff.text(f"/laws/{law}/articles/4")
    for url, page in pages.items():
        assert audit(page) == [], url
    # The text survives as text: escaped, not dropped.
    assert "&lt;script&gt;alert(&#39;x1&#39;)&lt;/script&gt;" in pages[case_url]
    assert "&lt;img src=x onerror=alert(&#39;x2&#39;)&gt; 标题" in pages["/cases"]
    preview = trainer.client.post("/cases/preview", data={"body": PAYLOAD_TEXT},
                                  headers={"X-CSRFToken": trainer.csrf("/cases/new")}).json
    assert audit(preview["html"]) == [] and case_id


def test_payloads_through_the_api_render_harmlessly(citing_app, accounts, browser):
    kb = services(citing_app)
    token = kb.tokens.issue(system_actor(), accounts["trainer"]).token
    client = citing_app.test_client()
    created = client.post("/api/v1/cases", headers={"Authorization": f"Bearer {token}"}, json={
        "title": PAYLOADS[0], "audit_type": "预算执行", "body": PAYLOAD_TEXT,
        "tags": [PAYLOADS[1][:40]], "summary": PAYLOADS[2], "source": PAYLOADS[9], "publish": True})
    assert created.status_code == 201
    case_id = created.json["id"]
    read = client.get(f"/api/v1/cases/{case_id}", headers={"Authorization": f"Bearer {token}"}).json
    assert audit(read["html"]) == [] and read["title"] == PAYLOADS[0]  # JSON keeps the text as typed
    staff = browser("staff")
    for url in (f"/cases/{case_id}", "/cases"):
        assert audit(staff.text(url)) == [], url


def test_payloads_in_the_guide_and_the_citation_check(citing_app, browser):
    trainer = browser("trainer")
    response = trainer.post("/guide/new", {
        "slug": "xss-entry", "title": PAYLOADS[0], "category": PAYLOADS[1][:40],
        "keywords": "无预算支出", "description": PAYLOAD_TEXT[:4000], "advice": PAYLOADS[10],
        "characterisation": "《样例财政法》第二条：" + PAYLOADS[1][:200],
        "sanction": "《样例财政法》第三条第（一）项：" + PAYLOADS[5]})
    assert response.status_code == 302, response.get_data(as_text=True)
    for url in ("/guide/xss-entry", "/guide", "/guide/xss-entry/edit", "/guide?q=无预算"):
        assert audit(trainer.text(url)) == [], url
    checked = trainer.post("/citations/check", {"text": PAYLOAD_TEXT, "date": "2023-01-01"})
    page = checked.get_data(as_text=True)
    assert checked.status_code == 200 and audit(page) == []
    assert "&lt;script&gt;alert(&#39;x17&#39;)&lt;/script&gt;" in page


@pytest.mark.parametrize("payload", PAYLOADS)
def test_each_payload_alone_in_a_case_body(citing_app, make_case, payload):
    case = make_case(body=payload)
    rendered = services(citing_app).cases.render_case(None, case.id, lambda c: "/laws/1/articles/1")
    assert audit(rendered.html) == [], payload
