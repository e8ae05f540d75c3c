"""Two recomputes of one company at once: the second is refused with a clear
message and changes nothing, while another company's recompute goes on. The
first one is held by a separate database connection, as another Odoo worker
(or the cron) would hold it."""

from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.crm_customer_value_base.tests.concurrency import recompute_running_elsewhere

from ..models.crm_rfm_run import RECOMPUTE_LOCK
from .common import AS_OF, RfmCase


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
