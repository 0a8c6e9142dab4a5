"""The private PostgreSQL and Redis the topology tests start where none runs (tests/services.py):
started here whatever runs on the machine, so the fallback a fresh machine takes is exercised too."""
from __future__ import annotations

from sqlalchemy import create_engine, text

from renewal.adapters.db import Database, drop_database, ensure_database
from renewal.services.demo import reset_demo
from tests.conftest import TODAY
from tests.services import accepts_queries, redis_answers, start_postgres, start_redis


def test_a_private_postgresql_holds_the_demo_data_and_stops():
    server, url = start_postgres()
    try:
        domain = url.set(database="renewal_private").render_as_string(hide_password=False)
        ensure_database(domain)
        reset_demo(Database(domain), TODAY)
        engine = create_engine(domain, future=True)
        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM accounts")).scalar_one() >= 6
        engine.dispose()
        drop_database(domain)
    finally:
        server.stop()
    assert not accepts_queries(url) and not server.directory.exists()


def test_a_private_redis_answers_and_stops():
    server, address = start_redis()
    try:
        assert redis_answers(address)
    finally:
        server.stop()
    assert not redis_answers(address)
