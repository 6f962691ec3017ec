"""Notices: the in-app inbox, the outbox of email and group-robot messages, and the sender.

Exactly once: every notice is keyed by (event, channel, recipient) with a unique
constraint, so whatever fires twice writes one row; the sender claims rows one by one
with a compare-and-set update, so two sender processes never send the same row.
"""
