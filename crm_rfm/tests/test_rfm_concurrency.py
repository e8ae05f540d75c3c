"""Two recomputes of one company at once: the second is refused with a clear
message and changes nothing, while another company's recompute goes on. The
first one is held by a separate database connection, as another Odoo worker
(or the cron) would hold it."""

from contextlib import contextmanager

from odoo.exceptions import UserError
from odoo.sql_db import db_connect
from odoo.tests import tagged

from ..models.crm_rfm_run import RECOMPUTE_LOCK
from .common import AS_OF, RfmCase


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


@tagged("post_install", "-at_install")
class TestRfmConcurrentRecomputes(RfmCase):
    def test_a_second_recompute_of_the_same_company_is_refused(self):
        buyer = self.customer("Buyer")
        self.invoice(buyer, "2026-06-01", 100)
        other_company = self.env["res.company"].create({"name": "Concurrent Co"})
        with recompute_running_elsewhere(self.env, RECOMPUTE_LOCK, self.company):
            with self.assertRaisesRegex(UserError, "already running for"):
                self.company._rfm_recompute(as_of=AS_OF)
            # Nothing written: no run, no score.
            self.assertFalse(self.company.rfm_current_run_id)
            self.assertFalse(self.env["crm.rfm.run"].search_count([("company_id", "=", self.company.id)]))
            self.assertFalse(buyer.rfm_score)
            # The lock is per company: another company recomputes meanwhile.
            self.assertTrue(other_company._rfm_recompute(as_of=AS_OF))
        # Once the other recompute is over, this company's runs again.
        run = self.company._rfm_recompute(as_of=AS_OF)
        self.assertEqual(buyer.rfm_score, run.snapshot_ids.rfm_score)
