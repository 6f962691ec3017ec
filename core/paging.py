"""One page of a longer list, as every listing (statutes, users, audit log) returns it."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from core.errors import InvalidInput

T = TypeVar("T")
MAX_PER_PAGE = 200


class PageNumbers:
    """Page arithmetic for anything with `page`, `per_page` and `total` (the pager macro)."""
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


@dataclass(frozen=True)
class Page(PageNumbers, Generic[T]):
    items: list[T]
    page: int
    per_page: int
    total: int

    @property
    def first_index(self) -> int:
        """1-based position of the first item on this page (0 when the page is empty)."""
        return (self.page - 1) * self.per_page + 1 if self.items else 0


def check_paging(page: int, per_page: int) -> tuple[int, int]:
    """(offset, limit) for a page request; out-of-range numbers are the caller's mistake."""
    if page < 1 or page > 1_000_000:
        raise InvalidInput(f"页码无效：{page}")
    if per_page < 1 or per_page > MAX_PER_PAGE:
        raise InvalidInput(f"每页条数应在 1 到 {MAX_PER_PAGE} 之间：{per_page}")
    return (page - 1) * per_page, per_page
