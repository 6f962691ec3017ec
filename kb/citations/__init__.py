"""Statute citations: finding references in text (finder), resolving them to stored
articles (resolver), linking rendered text, the backlinks table and the citation check."""
