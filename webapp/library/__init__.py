"""The statute library's pages (home, statutes, articles, versions) and its API routes."""
