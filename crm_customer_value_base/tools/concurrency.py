"""Redo a recompute whose publication met a user's concurrent edit."""

import logging

from psycopg2.errors import SerializationFailure

_logger = logging.getLogger(__name__)

ATTEMPTS = 3


def redo_on_concurrent_update(env, work, attempts=ATTEMPTS):
    """Call ``work()`` and flush; after a serialization failure, roll back and call it again.

    Odoo's transactions are REPEATABLE READ: when a user saves a partner
    after a recompute began and before it publishes, the recompute's UPDATE
    of that partner fails. A new transaction sees the user's edit and keeps
    it. Unlike ``odoo.service.model.retrying``, this never commits: the
    caller (a cron batch) does. Only for callers that own the transaction:
    the rollback undoes everything uncommitted.
    """
    for attempt in range(1, attempts + 1):
        try:
            result = work()
            env.flush_all()
            return result
        except SerializationFailure:
            if attempt == attempts:
                raise
            _logger.info("Recompute met a concurrent edit (attempt %s of %s), redoing it", attempt, attempts)
            env.cr.rollback()
            env.invalidate_all()
    return None
