"""The signed-in person's pages: sign-in, profile, inbox, and API tokens."""
