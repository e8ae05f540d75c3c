"""Two scorecard computes of one company at once: the second is refused with a
clear message and changes nothing, while another company's goes on. The first
one is held by a separate database connection, as the cron in another worker
would hold it."""

from datetime import date

from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.crm_customer_value_base.tests.concurrency import recompute_running_elsewhere

from ..models.crm_scorecard_engine import COMPUTE_LOCK
from .common import ScorecardCase

JANUARY = date(2026, 1, 1), date(2026, 1, 31)


@tagged("post_install", "-at_install")
class TestScorecardConcurrentComputes(ScorecardCase):
    def test_a_second_compute_of_the_same_company_is_refused(self):
        self.invoice(self.customer("Buyer"), "2026-01-10", 100)
        other_company = self.env["res.company"].create({"name": "Concurrent Scorecard Co"})
        Value = self.env["crm.scorecard.value"]
        with recompute_running_elsewhere(self.env, COMPUTE_LOCK, self.company):
            with self.assertRaisesRegex(UserError, f"The scorecard of {self.company.name} is already being computed"):
                self.company._scorecard_compute(*JANUARY)
            self.assertFalse(Value.search_count([("company_id", "=", self.company.id)]), "nothing stored")
            # The lock is per company: another company computes meanwhile.
            other_company._scorecard_compute(*JANUARY)
            self.assertTrue(Value.search_count([("company_id", "=", other_company.id)]))
        # Once the other compute is over, this company's runs again.
        self.company._scorecard_compute(*JANUARY)
        self.assertEqual(self.values()["net_revenue"]["2026-01-01"], 100.0)
        self.assertEqual(self.values()["active_customers"]["2026-01-01"], 1)


@tagged("post_install", "-at_install")
class TestNightlyCronsStartApart(ScorecardCase):
    def test_the_nightly_runs_start_an_hour_or_more_apart_in_the_order_they_need(self):
        """RFM and the value pyramid both write the company row when they
        publish; the scorecard reads both; backfills come last. Started
        seconds apart, one of them met the other's write every night."""
        order = ["crm_rfm.ir_cron_rfm_recompute", "crm_value_pyramid.ir_cron_value_recompute",
                 "crm_scorecard.ir_cron_scorecard_compute", "crm_customer_value_base.ir_cron_run_backfill"]
        crons = [self.env.ref(xmlid) for xmlid in order]
        self.assertEqual([(cron.interval_number, cron.interval_type) for cron in crons], [(1, "days")] * 4)
        self.assertEqual([cron.nextcall.strftime("%H:%M") for cron in crons], ["01:00", "02:00", "04:00", "05:00"])
