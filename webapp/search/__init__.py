"""Search pages and the search API."""
