"""案例评比 pages: the contests (webapp.case_contest.views), submitting a case
(entries) and judging (judging)."""
