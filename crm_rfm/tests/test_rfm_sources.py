from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import AS_OF, RfmCase


@tagged("post_install", "-at_install")
class TestRfmPurchaseFacts(RfmCase):
    """What counts as a purchase, in which currency, for which customer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.eur = cls.setup_other_currency("EUR", rates=[("2025-01-01", 2.0), ("2026-01-01", 4.0)])
        cls.acme = cls.customer("Acme", is_company=True)
        cls.acme_buyer = cls.customer("Ann Buyer", parent_id=cls.acme.id)
        cls.solo = cls.customer("Solo Shopper")

    def test_credit_notes_reduce_revenue_but_are_not_purchases(self):
        self.invoice(self.solo, "2026-03-01", 1000)
        self.invoice(self.solo, "2026-04-01", 300, move_type="out_refund")
        snap = self.snapshot_of(self.company._rfm_recompute(as_of=AS_OF), self.solo)
        self.assertEqual(snap.frequency, 1)
        self.assertAlmostEqual(snap.monetary, 700.0)
        self.assertEqual(snap.last_purchase_date, date(2026, 3, 1))

    def test_foreign_currency_converted_at_the_invoice_date(self):
        self.invoice(self.solo, "2025-06-01", 400, currency=self.eur)  # 2 EUR per unit: 200
        self.invoice(self.solo, "2026-02-01", 400, currency=self.eur)  # 4 EUR per unit: 100
        snap = self.snapshot_of(self.company._rfm_recompute(as_of=AS_OF), self.solo)
        self.assertAlmostEqual(snap.monetary, 300.0)

    def test_currency_without_rate_refused_with_nothing_changed(self):
        # Odoo would convert 1,000 JPY at 1:1 when JPY has no rate at all.
        jpy = self.env.ref("base.JPY")
        jpy.sudo().write({"active": True})
        jpy.rate_ids.sudo().unlink()
        self.invoice(self.solo, "2026-03-01", 50)
        first = self.company._rfm_recompute(as_of=AS_OF)
        yen_invoice = self.invoice(self.acme, "2026-05-01", 1000, currency=jpy)
        with self.assertRaisesRegex(UserError, r"in JPY cannot be converted .* Nothing was recomputed"):
            self.company._rfm_recompute(as_of=AS_OF)
        self.assertEqual(self.company.rfm_current_run_id, first)
        self.assertEqual(self.env["crm.rfm.run"].search_count([("company_id", "=", self.company.id)]), 1)
        # "Recompute now" says it at once instead of queueing a run that would fail.
        with self.assertRaisesRegex(UserError, "JPY"):
            self.company.action_rfm_recompute_now()
        self.assertFalse(self.company.rfm_recompute_requested)
        # With a rate (100 JPY per unit of the company currency) and the
        # invoice converted at 1:1 replaced, as the message says, the sale counts converted.
        self.env["res.currency.rate"].create({"currency_id": jpy.id, "name": "2026-01-01", "rate": 100.0,
                                              "company_id": self.company.id})
        yen_invoice.button_draft()
        yen_invoice.button_cancel()
        self.invoice(self.acme, "2026-05-01", 1000, currency=jpy)
        snap = self.snapshot_of(self.company._rfm_recompute(as_of=AS_OF), self.acme)
        self.assertAlmostEqual(snap.monetary, 10.0)

    def test_contacts_roll_up_to_their_commercial_partner(self):
        self.invoice(self.acme_buyer, "2026-05-01", 500)
        self.invoice(self.acme, "2026-06-01", 250)
        run = self.company._rfm_recompute(as_of=AS_OF)
        self.assertFalse(self.snapshot_of(run, self.acme_buyer))
        snap = self.snapshot_of(run, self.acme)
        self.assertEqual((snap.frequency, snap.monetary), (2, 750.0))
        self.assertEqual(self.acme.rfm_frequency, 2)

    def test_draft_and_cancelled_documents_never_count(self):
        self.invoice(self.solo, "2026-05-01", 100)
        self.invoice(self.solo, "2026-05-02", 5000, post=False)
        self.invoice(self.solo, "2026-05-03", 7000).button_cancel()
        snap = self.snapshot_of(self.company._rfm_recompute(as_of=AS_OF), self.solo)
        self.assertEqual((snap.frequency, snap.monetary), (1, 100.0))

    def test_confirmed_sale_orders_as_purchase_source(self):
        self.company.customer_purchase_source = "order"
        product = self.env["product.product"].create({"name": "Thing", "list_price": 10.0, "taxes_id": []})
        orders = self.env["sale.order"].with_company(self.company).create([
            {"partner_id": partner.id, "date_order": day, "currency_id": False,
             "order_line": [Command.create({"product_id": product.id, "product_uom_qty": 1,
                                            "price_unit": price, "tax_id": []})]}
            for partner, day, price in [
                (self.acme_buyer, "2026-04-01 10:00:00", 80.0),
                (self.acme, "2026-05-01 10:00:00", 20.0),
                (self.acme, "2026-05-02 10:00:00", 999.0),
            ]
        ])
        orders[:2].action_confirm()
        orders[:2].write({"date_order": "2026-04-01 10:00:00"})  # confirming resets the date
        run = self.company._rfm_recompute(as_of=AS_OF)
        snap = self.snapshot_of(run, self.acme)
        self.assertEqual((snap.frequency, snap.monetary), (2, 100.0))
        self.assertEqual(run.purchase_source, "order")


@tagged("post_install", "-at_install")
class TestRfmCompaniesAndAccess(RfmCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other = cls.setup_other_company()["company"]
        cls.shared = cls.customer("Shared Customer")  # no company: buys from both
        cls.invoice(cls.shared, "2026-05-01", 100)
        cls.invoice(cls.shared, "2026-05-02", 900, company=cls.other)
        cls.invoice(cls.shared, "2026-05-03", 900, company=cls.other)

    def test_a_run_sees_and_writes_only_its_company(self):
        run = self.company._rfm_recompute(as_of=AS_OF)
        other_run = self.other._rfm_recompute(as_of=AS_OF)
        self.assertEqual(run.snapshot_ids.company_id, self.company)
        self.assertEqual((self.snapshot_of(run, self.shared).frequency,
                          self.snapshot_of(other_run, self.shared).frequency), (1, 2))
        self.assertEqual(self.shared.with_company(self.company).rfm_frequency, 1)
        self.assertEqual(self.shared.with_company(self.other).rfm_frequency, 2)
        self.assertAlmostEqual(self.shared.with_company(self.other).rfm_monetary, 1800.0)

    def test_salespeople_read_managers_configure(self):
        self.company._rfm_recompute(as_of=AS_OF)
        other_run = self.other._rfm_recompute(as_of=AS_OF)
        salesman = new_test_user(self.env, "rfm_sales", groups="sales_team.group_sale_salesman",
                                 company_id=self.company.id, company_ids=[self.company.id])
        manager = new_test_user(self.env, "rfm_manager", groups="sales_team.group_sale_manager",
                                company_id=self.company.id, company_ids=[self.company.id])
        snapshots = self.env["crm.rfm.snapshot"].with_user(salesman).search([])
        self.assertTrue(snapshots)
        self.assertEqual(snapshots.company_id, self.company, "nothing of the other company")
        with self.assertRaises(AccessError):
            other_run.with_user(salesman).snapshot_ids.read(["frequency"])
        segment = self.env.ref("crm_rfm.segment_champions")
        self.assertEqual(segment.with_user(salesman).name, "Champions")
        with self.assertRaises(AccessError):
            segment.with_user(salesman).name = "Heroes"
        segment.with_user(manager).suggested_action = "Call them first."
        self.assertEqual(segment.suggested_action, "Call them first.")


@tagged("post_install", "-at_install")
class TestRfmCron(RfmCase):
    def test_recompute_now_triggers_the_cron_which_scores_every_company(self):
        self.invoice(self.customer("Cron Customer"), "2026-05-01", 100)
        cron = self.env.ref("crm_rfm.ir_cron_rfm_recompute")
        triggers_before = self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)])
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(settings.rfm_recompute_status, "Not computed yet.")
        action = settings.action_rfm_recompute_now()
        self.assertEqual(action["tag"], "display_notification", "the user is told the work is queued")
        self.assertTrue(self.env.company.rfm_recompute_requested)
        # The notification reloads the settings page, which reads a new settings record.
        reloaded = self.env["res.config.settings"].create({})
        self.assertIn("Recomputing in the background", reloaded.rfm_recompute_status)
        self.assertEqual(
            self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)]), triggers_before + 1
        )
        # Run the job as the cron runner would, until nothing remains.
        companies = self.env["res.company"].search([])
        for _company in companies:
            self.env["crm.rfm.run"]._run_cron()
        self.assertTrue(all(companies.mapped("rfm_current_run_id")))
        self.assertFalse(self.env.company.rfm_recompute_requested)
        reloaded = self.env["res.config.settings"].create({})
        self.assertRegex(reloaded.rfm_recompute_status, r"^Up to date as of .*: 1 customers scored in")

    def test_history_keeps_recent_runs_and_the_last_run_of_each_month(self):
        self.invoice(self.customer("History Customer"), "2026-01-05", 100)
        days = ["2026-03-15", "2026-03-31", "2026-04-10", "2026-04-20", "2026-05-31", "2026-06-20", "2026-06-30"]
        runs = {day: self.company._rfm_recompute(as_of=day) for day in days}
        dropped_snapshots = (runs["2026-03-15"] | runs["2026-04-10"]).snapshot_ids.ids
        self.assertEqual(len(dropped_snapshots), 2)
        self.company.rfm_history_days = 35  # keep everything from 2026-05-26 on
        deleted = self.env["crm.rfm.run"]._run_prune(self.company, today="2026-06-30")
        self.assertEqual(deleted, 2)
        kept = self.env["crm.rfm.run"].search([("company_id", "=", self.company.id)])
        self.assertEqual(sorted(str(run.as_of_date) for run in kept),
                         ["2026-03-31", "2026-04-20", "2026-05-31", "2026-06-20", "2026-06-30"])
        self.assertFalse(self.env["crm.rfm.snapshot"].browse(dropped_snapshots).exists())
        self.assertEqual(self.company.rfm_current_run_id, runs["2026-06-30"])

    def test_history_setting_must_keep_at_least_a_day(self):
        for days in (0, -30):
            with self.assertRaisesRegex(ValidationError, "at least the last day"), self.env.cr.savepoint():
                self.company.rfm_history_days = days
        self.assertEqual(self.company.rfm_history_days, 35)
