"""Legal time: when each version was promulgated and took effect, which version was in
force on a date, and when a statute was repealed and by what (issue G)."""
