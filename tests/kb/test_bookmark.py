"""Favourites and notes follow an article across versions and stay private."""
import pytest

from accounts.permissions import actor_of
from core.errors import ArticleNotFound, InvalidInput, StatuteNotFound


@pytest.fixture
def audit_law(loaded_kb):
    return loaded_kb.library.find_statute("样例审计法")


def test_favourite_toggle_and_list(loaded_kb, make_user, audit_law, clock):
    zhang, li = make_user("zhang"), make_user("li")
    marks = loaded_kb.bookmarks
    marks.set_favourite(actor_of(zhang), audit_law.id, 4, 0, True)
    clock.advance(minutes=1)
    marks.set_favourite(actor_of(zhang), audit_law.id, 3, 1, True)
    marks.set_favourite(actor_of(zhang), audit_law.id, 3, 1, True)  # idempotent
    page = marks.favourites(actor_of(zhang))
    assert [(m.article_label, m.statute_title) for m in page.items] == [
        ("第三条之一", "中华人民共和国样例审计法"), ("第四条", "中华人民共和国样例审计法")]
    assert marks.marks(actor_of(zhang), audit_law.id, 4).favourite
    assert not marks.marks(actor_of(li), audit_law.id, 4).favourite
    marks.set_favourite(actor_of(zhang), audit_law.id, 4, 0, False)
    assert marks.favourites(actor_of(zhang)).total == 1


def test_notes_save_edit_delete(loaded_kb, make_user, audit_law, clock):
    zhang = make_user("zhang")
    marks = loaded_kb.bookmarks
    marks.save_note(actor_of(zhang), audit_law.id, 2, 0, "  <b>定性依据</b>\r\n第二款  ")
    assert marks.marks(actor_of(zhang), audit_law.id, 2).note == "<b>定性依据</b>\n第二款"
    clock.advance(hours=1)
    marks.save_note(actor_of(zhang), audit_law.id, 2, 0, "改过")
    note = marks.marks(actor_of(zhang), audit_law.id, 2)
    assert note.note == "改过" and note.note_updated_at == clock.now()
    assert [m.note for m in marks.notes(actor_of(zhang)).items] == ["改过"]
    marks.save_note(actor_of(zhang), audit_law.id, 2, 0, "   ")
    assert marks.notes(actor_of(zhang)).total == 0


def test_marks_need_a_real_article(loaded_kb, make_user, audit_law):
    zhang = make_user("zhang")
    with pytest.raises(ArticleNotFound):
        loaded_kb.bookmarks.set_favourite(actor_of(zhang), audit_law.id, 99, 0, True)
    with pytest.raises(StatuteNotFound):
        loaded_kb.bookmarks.save_note(actor_of(zhang), 9999, 1, 0, "x")
    with pytest.raises(InvalidInput, match="不超过 5000 字"):
        loaded_kb.bookmarks.save_note(actor_of(zhang), audit_law.id, 1, 0, "长" * 5001)
