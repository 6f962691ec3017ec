"""Cases, the guide and backlinks on the whole corpus (linked, with the court cases, the
sample cases and the guide loaded once per session by corpus_content)."""
import re

import pytest

from accounts.permissions import system_actor
from accounts.user_admin import NewUser
from tests.support.environment import PASSWORD
from tests.support.web import Web, app_config
from webapp import create_app
from webapp.extensions import services

pytestmark = pytest.mark.corpus


@pytest.fixture(scope="module")
def reader(corpus_content):
    from core.clock import Clock
    app = create_app(app_config(corpus_content.settings.data_dir, Clock()))
    kb = services(app)
    if kb.users.find_user("content-reader") is None:
        kb.users.create_user(system_actor(), NewUser("content-reader", "读者", "staff", None, PASSWORD, False))
    web = Web(app.test_client())
    assert web.login("content-reader").status_code == 302
    yield web, kb
    kb.close()


def test_the_guide_answers_hua_zheng_wei_ling(reader):
    web, kb = reader
    found = web.text("/guide?q=化整为零")
    titles = re.findall(r'class="case-title" href="/guide/[^"]+">([^<]+)</a>', found)
    assert titles[0] == "化整为零规避公开招标（政府采购）"
    entry = web.text("/guide/split-procurement")
    procurement = kb.library.find_statute("政府采购法").id
    assert re.search(rf'href="/laws/{procurement}/articles/28\?version=\d+">《政府采购法》第二十八条</a>', entry)
    assert "化整为零或者以其他任何方式规避公开招标采购" in entry
    assert "癸县教育局化整为零规避公开招标及供应商串通案" in entry


def test_sample_case_is_fully_linked_and_listed_on_its_articles(reader):
    web, kb = reader
    case = kb.cases.list_cases(None, text="癸县教育局").items[0]
    page = web.text(f"/cases/{case.id}")
    assert page.count('class="cite"') >= 3 and "cite-unresolved" not in page
    rules = kb.library.find_statute("政府采购法实施条例").id
    article = web.text(f"/laws/{rules}/articles/28")
    assert f'href="/cases/{case.id}">{case.title}</a>' in article


def test_regulation_text_links_the_law_it_implements(reader):
    web, kb = reader
    regulation, law = kb.library.find_statute("审计法实施条例").id, kb.library.find_statute("审计法").id
    page = web.text(f"/laws/{regulation}/articles/31")
    # 2010 regulation, 2021 law in the corpus: linked to the nearest version, and marked so.
    assert re.search(rf'class="cite cite-inexact" href="/laws/{law}/articles/34\?version=\d+"', page)
    assert "链接到最接近的版本" in page
    # It cites the 2006 text's §34, which the library lacks: no backlink of the 2021 §34.
    cited = web.text(f"/laws/{law}/articles/34")
    assert "《审计法实施条例》第三十一条" not in cited
