"""`python -m webapp COMMAND`: the same commands as `flask --app webapp COMMAND`
(demo, serve, users, backup, restore)."""
from flask.cli import FlaskGroup

from webapp import create_app

cli = FlaskGroup(create_app=create_app, help="审计法规库与练兵平台")

if __name__ == "__main__":
    cli(prog_name="python -m webapp")
