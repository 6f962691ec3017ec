"""以案释法 pages: a trainer makes a pack for a meeting, sees it listed with its meetings,
previews it, opens the projector page and downloads the .docx and the PDF; reuses it at
another meeting and copies it as a template.  Bad input (an empty pack, an article that
does not exist, a bad meeting) gets the reason in Chinese and saves nothing; staff are
refused every page; every form carries its CSRF token."""
from __future__ import annotations

import io

import pytest
from docx import Document

from accounts.permissions import SYSTEM
from webapp.extensions import services

NEW = "/law-packs/new"
MEETING = {"unit_name": "某县交通运输局", "kind": "进点会", "held_on": "2022-06-01"}
SUBJECT = {"title": "经济责任审计进点会普法资料", "audit_type": "",
           "articles": "样例审计法第四条、第二条", "question_count": "5"}


@pytest.fixture
def trainer(signed_in):
    return signed_in("trainer")


def create(web, **overrides):
    return web.post(NEW, {**MEETING, **SUBJECT, **overrides}, token_from=NEW)


def test_a_pack_is_made_listed_previewed_projected_and_downloaded(trainer, loaded_app, pdf_fonts):
    response = create(trainer)
    assert response.status_code == 302, response.get_data(as_text=True)
    pack_url = response.location
    listed = trainer.text("/law-packs")
    assert "经济责任审计进点会普法资料" in listed and "某县交通运输局·进点会（2022-06-01）" in listed
    page = trainer.text(pack_url)
    meeting_id = services(loaded_app).law_packs.list_packs(SYSTEM)[0].meetings[0].id
    base = f"{pack_url}/meetings/{meeting_id}"
    preview = trainer.text(base)
    assert "《样例审计法》第四条" in preview and "2022-01-01 起施行" in preview
    projector = trainer.text(base + "/projector")
    assert projector.count('class="slide') >= 3 and "law_pack.js" in projector
    docx = trainer.get(base + "/pack.docx")
    assert docx.status_code == 200 and "filename*=UTF-8''" in docx.headers["Content-Disposition"]
    assert "经济责任审计进点会普法资料" in [p.text for p in Document(io.BytesIO(docx.data)).paragraphs]
    pdf = trainer.get(base + "/pack.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    assert "attachment" in pdf.headers["Content-Disposition"]
    assert f'href="{base}/pack.pdf"' in page


def test_an_empty_pack_is_refused_in_chinese(trainer, loaded_app):
    response = create(trainer, articles="", audit_type="", title="空的")
    assert response.status_code == 400
    assert "资料包是空的" in response.get_data(as_text=True)
    assert services(loaded_app).law_packs.list_packs(SYSTEM) == []


def test_an_article_that_does_not_exist_is_refused_in_chinese(trainer, loaded_app):
    response = create(trainer, articles="样例审计法第九十三条")
    assert response.status_code == 400
    assert "施行的版本中没有第九十三条" in response.get_data(as_text=True)
    assert services(loaded_app).law_packs.list_packs(SYSTEM) == []


@pytest.mark.parametrize("field, value, message", [
    ("unit_name", "", "请填写被审计单位"),
    ("kind", "茶话会", "会议只能是"),
    ("held_on", "2022-13-45", "会议日期"),
    ("question_count", "99", "自测题数量应为 0 至 20 道"),
])
def test_bad_fields_are_named(trainer, field, value, message):
    response = create(trainer, **{field: value})
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)


def test_reuse_at_another_meeting_and_copy_as_template(trainer, loaded_app):
    pack_url = create(trainer).location
    added = trainer.post(pack_url + "/meetings", {"unit_name": "某县交通运输局", "kind": "反馈会",
                                                  "held_on": "2022-09-01"}, token_from=pack_url)
    assert added.status_code == 302
    assert "某县交通运输局·反馈会（2022-09-01）" in trainer.text("/law-packs")
    pack_id = int(pack_url.rsplit("/", 1)[1])
    form = trainer.text(f"{NEW}?from={pack_id}")
    assert "经济责任审计进点会普法资料（副本）" in form and f'name="copied_from" value="{pack_id}"' in form
    copied = create(trainer, title="水务局进点会普法资料", unit_name="某县水务局", copied_from=str(pack_id))
    assert copied.status_code == 302
    assert "水务局进点会普法资料" in trainer.text(pack_url)   # listed under its template


def test_a_bad_meeting_added_says_why(trainer):
    pack_url = create(trainer).location
    response = trainer.post(pack_url + "/meetings", {"unit_name": "", "kind": "进点会",
                                                     "held_on": "2022-09-01"}, token_from=pack_url)
    assert response.status_code == 400 and "请填写被审计单位" in response.get_data(as_text=True)


def test_editing_the_subject(trainer):
    pack_url = create(trainer).location
    form = trainer.text(pack_url + "/edit")
    assert "样例审计法第四条、第二条" in form
    assert 'name="revision" type="hidden" value="1"' in form
    saved = trainer.post(pack_url + "/edit", {**SUBJECT, "title": "改过的名称", "revision": "1"},
                         token_from=pack_url + "/edit")
    assert saved.status_code == 302 and "改过的名称" in trainer.text(pack_url)
    refused = trainer.post(pack_url + "/edit", {**SUBJECT, "articles": "样例审计法第九十三条", "revision": "2"},
                           token_from=pack_url + "/edit")
    assert refused.status_code == 400 and "第九十三条" in refused.get_data(as_text=True)
    stale = trainer.post(pack_url + "/edit", {**SUBJECT, "title": "旧稿", "revision": "1"},
                         token_from=pack_url + "/edit")
    page = stale.get_data(as_text=True)
    assert stale.status_code == 409 and "当前为第2版" in page and 'value="2"' in page
    assert "改过的名称" in trainer.text(pack_url)


def test_staff_are_refused_and_forms_need_csrf(signed_in, browser, loaded_app):
    trainer = browser("trainer")
    pack_url = create(trainer).location
    staff = signed_in("staff")
    for url in ("/law-packs", NEW, pack_url, pack_url + "/meetings/1/pack.pdf"):
        assert staff.get(url).status_code == 403, url
    assert "以案释法" not in staff.text("/laws")
    forged = trainer.client.post(NEW, data={**MEETING, **SUBJECT})
    assert forged.status_code == 400
    assert len(services(loaded_app).law_packs.list_packs(SYSTEM)) == 1


def test_unknown_pack_or_meeting_is_404(trainer):
    pack_url = create(trainer).location
    assert trainer.get("/law-packs/999").status_code == 404
    assert trainer.get(pack_url + "/meetings/999").status_code == 404


def test_removing_a_meeting_needs_csrf_and_keeps_the_last(trainer, loaded_app):
    pack_url = create(trainer).location
    trainer.post(pack_url + "/meetings", {**MEETING, "unit_name": "填错的单位"}, token_from=pack_url)
    pack = services(loaded_app).law_packs.list_packs(SYSTEM)[0]
    wrong = next(m for m in pack.meetings if m.unit_name == "填错的单位")
    assert trainer.client.post(f"{pack_url}/meetings/{wrong.id}/delete").status_code == 400
    assert trainer.post(f"{pack_url}/meetings/{wrong.id}/delete", token_from=pack_url).status_code == 302
    assert "已删除会议：填错的单位" in trainer.text(pack_url)      # the flash, once
    assert "填错的单位" not in trainer.text(pack_url)
    last = pack.meetings[0].id if pack.meetings[0].id != wrong.id else pack.meetings[1].id
    refused = trainer.post(f"{pack_url}/meetings/{last}/delete", token_from=pack_url)
    assert refused.status_code == 409 and "资料包至少要有一次会议" in refused.get_data(as_text=True)
