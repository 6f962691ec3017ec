"""Audit cases (以案释法): the editable list of audit types, cases with their revisions,
rendering, import/export and the sample cases."""
