"""The RFM scheduler (crm.run.mixin): one company per call, a company that
cannot be computed failing alone with its reason, a company busy elsewhere
postponed rather than failed, the session settings of a run not outliving it."""

from datetime import date

from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import SQL

from odoo.addons.crm_customer_value_base.tests.concurrency import recompute_running_elsewhere

from ..models.crm_rfm_run import RECOMPUTE_LOCK
from .common import RfmCase


@tagged("post_install", "-at_install")
class TestRfmScheduler(RfmCase):
    def run_cron_until_done(self):
        """As the cron runner does: call again while the last call did some and some remain."""
        Company = self.env["res.company"].sudo()
        due = self.env["crm.rfm.run"]._run_cron_due_domain(date.today())
        for _call in range(Company.search_count([]) + 1):
            if not Company.search_count(due):
                return
            self.env["crm.rfm.run"].sudo()._run_cron()
        self.fail("the RFM cron does not come to an end")

    def test_a_company_with_an_unrated_currency_fails_alone_with_its_reason(self):
        other = self.setup_other_company(name="Rated Co")["company"]
        self.assertLess(self.company.id, other.id, "the failing company is tried first")
        # Every other company of the database is up to date, so only these two are due.
        self.env["res.company"].search([("id", "not in", [self.company.id, other.id])]).write(
            {"rfm_failed_date": date.today()})
        theirs = self.customer("Their customer")
        self.invoice(theirs, date.today(), 70, company=other)
        jpy = self.env.ref("base.JPY")
        jpy.sudo().write({"active": True})
        jpy.rate_ids.sudo().unlink()
        self.invoice(self.customer("Paid in yen"), date.today(), 100000, currency=jpy)

        with self.assertLogs("odoo.addons.crm_customer_value_base.models.crm_run_mixin", "WARNING") as logs:
            self.run_cron_until_done()
        self.assertEqual(len(logs.output), 1)
        self.assertIn(f"RFM Run of {self.company.name} not computed", logs.output[0])
        # The failing company: no run, the reason kept and shown in Settings.
        self.assertFalse(self.company.rfm_current_run_id)
        self.assertEqual(self.company.rfm_failed_date, date.today())
        self.assertRegex(self.company.rfm_error, "in JPY cannot be converted")
        status = self.env["res.config.settings"].with_company(self.company).create({}).rfm_recompute_status
        self.assertRegex(status, r"^Not recomputed on .*in JPY cannot be converted")
        # The other company was computed in its own call.
        self.assertEqual(other.rfm_current_run_id.scored_count, 1)
        self.assertFalse(other.rfm_error)
        self.assertEqual(theirs.with_company(other).rfm_monetary, 70)

        # The button refuses at once while the rate is missing, and asks nothing.
        with self.assertRaisesRegex(UserError, "in JPY cannot be converted"):
            self.company.action_rfm_recompute_now()
        self.assertFalse(self.company.rfm_recompute_requested)
        # Once the rate is entered, asking again clears today's failure and the cron computes it.
        self.env["res.currency.rate"].sudo().create(
            {"currency_id": jpy.id, "name": "2020-01-01", "rate": 100.0, "company_id": self.company.id})
        self.company.action_rfm_recompute_now()
        self.assertFalse(self.company.rfm_failed_date)
        self.run_cron_until_done()
        self.assertEqual(self.company.rfm_current_run_id.scored_count, 1)
        self.assertFalse(self.company.rfm_error)
        self.assertFalse(self.company.rfm_recompute_requested)

    def test_a_company_busy_elsewhere_is_postponed_not_failed(self):
        self.invoice(self.customer("Buyer"), date.today(), 100)
        self.company.sudo().rfm_recompute_requested = True
        with recompute_running_elsewhere(self.env, RECOMPUTE_LOCK, self.company):
            self.env["crm.rfm.run"].sudo()._run_cron()
        self.assertFalse(self.company.rfm_current_run_id)
        self.assertFalse(self.company.rfm_failed_date, "busy is not a failure: still due today")
        self.assertFalse(self.company.rfm_error)
        self.assertTrue(self.company.rfm_recompute_requested)
        # The batch stops (done = 0): the runner does not call again at once.
        self.assertIn(self.company, self.env["res.company"].search(
            self.env["crm.rfm.run"]._run_cron_due_domain(date.today())))

    def work_mem(self):
        self.env.cr.execute(SQL("SELECT current_setting('work_mem')"))
        return self.env.cr.fetchone()[0]

    def test_the_run_work_memory_does_not_outlive_the_run(self):
        self.invoice(self.customer("Buyer"), "2026-06-01", 100)
        before = self.work_mem()
        self.assertNotEqual(before, "128MB")
        self.company._rfm_recompute(as_of="2026-06-30")
        self.assertEqual(self.work_mem(), before)
        # Nor a failed run's (rolled back with it).
        self.env["crm.rfm.segment"].search([]).action_archive()
        self.env["crm.rfm.segment"].create({"name": "Only the best", "r_min": 5, "f_min": 5})
        with self.assertRaisesRegex(UserError, "fall in no RFM segment"):
            self.company._rfm_recompute(as_of="2026-06-30")
        self.assertEqual(self.work_mem(), before)
