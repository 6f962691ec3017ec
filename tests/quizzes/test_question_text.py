"""A question's texts as HTML: blanks stay blanks, single line breaks stay, Markdown
tables and lists are unchanged, references linked when asked."""
import re

from quizzes.question_text import render_question_text

TWO_BLANKS = "评标委员会成员人数为____以上单数，其中专家不得少于成员总数的____。"


def test_two_blanks_render_as_two_blanks_not_emphasis():
    html = render_question_text(TWO_BLANKS).html
    assert html.count('<span class="stem-blank">____</span>') == 2
    assert "<em>" not in html and "<strong>" not in html


def test_a_blank_inside_code_is_left_as_code():
    assert render_question_text("`a__b`").html == "<p><code>a__b</code></p>"


def test_single_line_breaks_are_kept():
    html = render_question_text("审计发现：\n(1) 未经批准调整预算；\n(2) 超范围支出。").html
    assert re.search(r"审计发现：<br\s*/?>\s*\(1\) 未经批准调整预算；<br\s*/?>\s*\(2\)", html)


def test_tables_lists_and_bold_still_render():
    html = render_question_text("**重点**\n\n| 项目 | 金额 |\n|---|---|\n| 甲 | 10 |\n\n- 一\n- 二").html
    assert "<strong>重点</strong>" in html
    assert "<td>甲</td>" in html and "<br" not in html.split("<table>")[1]
    assert "<li>一</li>" in html and "<li>二</li>" in html


def test_html_in_a_stem_is_shown_as_text():
    html = render_question_text("<script>alert(1)</script>____").html
    assert "<script>" not in html and "stem-blank" in html
