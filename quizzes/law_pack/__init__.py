"""以案释法 packs (普法资料): what a trainer explains to an audited unit at one of the four
meetings of an audit — the key articles, the typical findings, short cases and a self-check
quiz — assembled from the library, the guide, the case library and the question bank, and
written out as .docx, PDF and a projector page."""
