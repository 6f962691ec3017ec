"""Guide articles as trainers type them, one per line, and back."""
import pytest

from core.errors import InvalidInput
from kb.guide.basis_text import format_basis_lines, parse_basis_lines
from kb.guide.values import BasisInput


def test_the_forms_trainers_write():
    basis = parse_basis_lines("《预算法》第十三条：未列入预算的不得支出\n\n"
                              "预算法实施条例 第60条 — 严格执行\n"
                              "《财政违法行为处罚处分条例》第七条第（七）项\n"
                              "《中华人民共和国审计法》第四十九条第二款第(4)项\n"
                              "《刑法》第一百六十八条之一")
    assert basis == (BasisInput("预算法", 13, note="未列入预算的不得支出"),
                     BasisInput("预算法实施条例", 60, note="严格执行"),
                     BasisInput("财政违法行为处罚处分条例", 7, item=7),
                     BasisInput("中华人民共和国审计法", 49, paragraph=2, item=4),
                     BasisInput("刑法", 168, 1))


def test_what_is_written_reads_back_the_same():
    basis = (BasisInput("审计法", 49, paragraph=1, item=4, note="责令调整"), BasisInput("预算法", 92))
    assert format_basis_lines(basis) == "《审计法》第四十九条第一款第（四）项：责令调整\n《预算法》第九十二条"
    assert parse_basis_lines(format_basis_lines(basis)) == basis


def test_unreadable_lines_are_named():
    with pytest.raises(InvalidInput, match="第1行“随便写写”、第3行“《预算法》第X条”"):
        parse_basis_lines("随便写写\n《预算法》第十三条\n《预算法》第X条")
    with pytest.raises(InvalidInput, match="最多 30 条"):
        parse_basis_lines("\n".join(["《预算法》第十三条"] * 31))
