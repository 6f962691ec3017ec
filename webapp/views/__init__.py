"""Blueprints of the pages (the JSON API is webapp/api)."""
