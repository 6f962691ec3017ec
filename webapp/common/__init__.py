"""Helpers shared by every area's pages: request parameters, links, navigation, charts, fragments, uploads, assets, the form base and the JSON request body."""
