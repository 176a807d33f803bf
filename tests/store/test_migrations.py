"""Migrations: split into whole statements (trigger bodies included), and every one applied."""

import sqlite3
from pathlib import Path

from newsgraph.store.sqlite import SQLiteStore, _migrations, _statements


def test_a_trigger_body_stays_one_statement() -> None:
    sql = """-- a comment; with a semicolon
CREATE TABLE t (x INTEGER);
CREATE TRIGGER t_gone AFTER DELETE ON t
BEGIN DELETE FROM t; INSERT INTO t VALUES (1); END;
CREATE INDEX t_x ON t(x)"""
    statements = _statements(sql)
    assert len(statements) == 3
    assert statements[1].startswith("CREATE TRIGGER") and statements[1].endswith("END;")
    assert all(sqlite3.complete_statement(s if s.endswith(";") else s + ";") for s in statements)


def test_a_new_store_has_every_migration_and_the_state_triggers(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "m.db")
    try:
        assert store.schema_version() == max(v for v, _ in _migrations())
        triggers = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master WHERE type='trigger'")}
        assert {"resolver_state_entity_deleted", "resolver_state_entity_changed",
                "resolver_state_mention_deleted", "resolver_state_published_changed"} <= triggers
    finally:
        store.close()
