"""Explanations in the person's own lettering: which letters are option names, the map
from the options as written to the person's order, and no chained replacement."""
import pytest

from quizzes.lettering import letter_map, reletter

# As written o1…o4 = A…D; the person saw o4, o3, o1, o2.
SEEN = letter_map(["o1", "o2", "o3", "o4"], ["o4", "o3", "o1", "o2"])


def test_the_map_follows_the_option_ids():
    assert SEEN == {"A": "C", "B": "D", "C": "B", "D": "A"}
    assert letter_map(["o1", "o2"], ["o1", "o2"]) == {"A": "A", "B": "B"}


@pytest.mark.parametrize("written, seen", [
    ("D项错误，A项正确。", "A项错误，C项正确。"),
    ("选项D的说法不对，故选A。", "选项A的说法不对，故选C。"),
    ("正确答案为B", "正确答案为D"),
    ("A、C项均不符合规定", "C、B项均不符合规定"),
    ("D. 说法错误；A．正确", "A. 说法错误；C．正确"),
    ("ABC公司的D项目", "ABC公司的D项目"),                # a name and 项目, no options
    ("依据第3.5条，选项E", "依据第3.5条，选项E"),          # no fifth option
])
def test_every_way_of_naming_an_option_is_rewritten(written, seen):
    assert reletter(written, SEEN) == seen


def test_nothing_changes_when_the_order_is_as_written():
    text = "D项错误"
    assert reletter(text, {"A": "A", "D": "D"}) is text
