"""Citation checking: the page and the citations API."""
