"""The finding guide's pages and API."""
