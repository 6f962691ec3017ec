"""A question's texts (stems, sub-question stems, explanations) as safe HTML: the one
renderer every page showing them goes through (webapp/quiz/ui.py's filters).

On top of the knowledge base's Markdown (kb.rendering) a question's text keeps
- its blanks: ``____`` marks a 填空题's blank (quizzes.content.BLANK), which plain
  Markdown would read as emphasis (two blanks → ``<strong><em>…``, and no blank left);
- its single line breaks: findings written (1)…/(2)… on their own lines stay on their
  own lines (nl2br), as trainers type them; tables and lists are unchanged.
"""
from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as etree

from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.util import AtomicString

from kb.citations.linker import CitationLinker
from kb.rendering import LinkFor, Rendered, render_markdown

# The underscore form of quizzes.content.BLANK (the bracket forms are no Markdown).
BLANK_PATTERN = r"_{2,}"
BLANK_CLASS = "stem-blank"


class _BlankProcessor(InlineProcessor):
    def handleMatch(self, m, data):                  # noqa: N802 (python-markdown's name)
        span = etree.Element("span", {"class": BLANK_CLASS})
        span.text = AtomicString(m.group(0))
        return span, m.start(0), m.end(0)


class BlankExtension(Extension):
    """``____`` → ``<span class="stem-blank">____</span>``, before emphasis can take it."""

    def extendMarkdown(self, md):                    # noqa: N802
        # Above the emphasis patterns (50–70), below escapes (180) and code spans (190).
        md.inlinePatterns.register(_BlankProcessor(BLANK_PATTERN, md), "quiz_blank", 175)


def render_question_text(text: str | None, *, linker: CitationLinker | None = None,
                         on: dt.date | None = None, link_for: LinkFor | None = None) -> Rendered:
    """A stem or explanation as HTML; with a linker, its statute references linked."""
    return render_markdown(text or "", linker=linker, on=on, link_for=link_for,
                           extensions=[BlankExtension(), "nl2br"])
