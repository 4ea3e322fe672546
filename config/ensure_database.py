"""Create the PostgreSQL database DATABASE_URL names if it does not exist yet (`make serve`)."""

import os
import sys

import environ
import psycopg
from psycopg import sql


def main():
    config = environ.Env.db_url_config(os.environ["DATABASE_URL"])
    if "postgresql" not in config["ENGINE"]:
        return
    server = {
        "host": config.get("HOST") or None,
        "port": config.get("PORT") or None,
        "user": config.get("USER") or None,
        "password": config.get("PASSWORD") or None,
    }
    try:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as connection:
            exists = connection.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]
            ).fetchone()
            if not exists:
                connection.execute(
                    sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"]))
                )
                print(f"Created database {config['NAME']}.")
    except psycopg.OperationalError as error:
        sys.exit(f"PostgreSQL is not reachable ({error}). Set DATABASE_URL.")


if __name__ == "__main__":
    main()
