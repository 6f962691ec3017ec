"""People and access: users, departments, authentication, passwords, API tokens, the
login throttle, permissions and the security log. Imports only core."""
