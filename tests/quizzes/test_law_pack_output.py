"""The pack's files: the .docx (A4, the parts on new pages, answers last) and the PDF (A4,
the Chinese fonts embedded as subsets, text extractable), and the clear refusal when the
fonts are not installed."""
from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from docx import Document
from pdfminer.high_level import extract_text

from quizzes.law_pack.fonts import HEI, FontFile, FontsMissing
from quizzes.law_pack.pdf_output import PdfWriter
from quizzes.law_pack.values import MeetingInput, PackInput


@pytest.fixture
def pack(engine, trainer, make_question):
    make_question("single")
    make_question("multiple")
    saved = engine.law_packs.create_pack(trainer, PackInput(
        "经济责任审计进点会普法资料", articles="样例审计法第二条、第四条、第五条"),
        MeetingInput("某县交通运输局", "进点会", dt.date(2022, 6, 1)))
    return saved.id, saved.meetings[0].id


def test_docx_is_a4_with_parts_on_new_pages_and_answers_last(engine, trainer, pack):
    name, data = engine.law_packs.docx(trainer, *pack)
    assert name == "以案释法-某县交通运输局-进点会-2022-06-01.docx"
    word = Document(io.BytesIO(data))
    section = word.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    texts = [p.text for p in word.paragraphs]
    assert texts[:2] == ["谁审计谁普法 · 以案释法", "经济责任审计进点会普法资料"]
    assert "被审计单位：某县交通运输局" in texts
    breaks = [p.text for p in word.paragraphs if p.paragraph_format.page_break_before]
    assert breaks == ["一、重点法条", "二、自测题", "自测题参考答案"]
    answers = texts.index("自测题参考答案")
    assert texts[answers + 1].startswith("1. B") and texts[answers + 3].startswith("2. A、B、D")
    assert "《中华人民共和国样例审计法》2021-10-23 版，2022-01-01 起施行" in texts
    assert "第 " in section.footer.paragraphs[0].text


def test_pdf_is_a4_with_chinese_fonts_embedded(engine, trainer, pack, pdf_fonts):
    name, data = engine.law_packs.pdf(trainer, *pack)
    assert name.endswith(".pdf") and data.startswith(b"%PDF")
    assert b"/MediaBox [ 0 0 595.2756 841.8898 ]" in data
    # Both fonts travel inside the file, as TrueType subsets.
    assert data.count(b"/FontFile2") >= 2
    text = extract_text(io.BytesIO(data))
    for expected in ("经济责任审计进点会普法资料", "被审计单位：某县交通运输局", "一、重点法条",
                     "2022-01-01 起施行", "自测题参考答案", "第 1 页"):
        assert expected in text.replace("\u3000", " ") or expected in text


def test_pdf_without_fonts_says_how_to_install_them(engine, trainer, pack):
    missing = FontFile("正文（明体/宋体）", Path("/nonexistent/uming.ttc"), "fonts-arphic-uming")
    engine.law_packs.pdf_writer = PdfWriter(song=missing, hei=HEI)
    with pytest.raises(FontsMissing) as raised:
        engine.law_packs.pdf(trainer, *pack)
    message = str(raised.value)
    assert "缺少中文字体文件" in message and "/nonexistent/uming.ttc" in message
    assert "fonts-arphic-uming" in message and "scripts/install-fonts.sh" in message
