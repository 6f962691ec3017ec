"""Biweekly rounds: the round pages, their management, results and the push schedule."""
