"""以案释法 packs in the browser (webapp.law_pack.views)."""
