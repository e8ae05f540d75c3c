"""Test helpers for the runs' locks: another worker's recompute, held from a
second database connection."""

from contextlib import contextmanager

from odoo.sql_db import db_connect


@contextmanager
def recompute_running_elsewhere(env, lock_namespace, company):
    """Hold ``company``'s recompute lock from another connection. (Call it
    before this test's transaction recomputes the company: a recompute keeps
    its lock until the transaction ends, which a test's never does.)"""
    with db_connect(env.cr.dbname).cursor() as other:
        other.execute("SELECT pg_try_advisory_xact_lock(%s, %s)", [lock_namespace, company.id])
        assert other.fetchone()[0], "the lock is free before the test takes it"
        yield
        other.rollback()
