from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import APRIL_FROM, APRIL_TO, MAY_FROM, MAY_TO, ValueCase


@tagged("post_install", "-at_install")
class TestPyramidLevels(ValueCase):
    """Active customers cut by cumulative share; inactive and prospects below."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Twenty buyers in May, revenue 100, 200, ... 2000: ranked by profit
        # (no costs: profit = revenue) the best is Top (it starts inside the
        # first 1 %), Big ends at 5 % of 20 = 1 customer so it stays empty,
        # Medium ends at 20 % of 20 = 4: 3 Medium, then 16 Small.
        cls.buyers = [cls.customer(f"Buyer {index:02d}") for index in range(1, 21)]
        for index, partner in enumerate(cls.buyers, start=1):
            cls.invoice(partner, "2026-05-10", 100 * index)
        cls.lapsed = cls.customer("Lapsed")
        cls.invoice(cls.lapsed, "2026-02-10", 500)
        cls.lead_prospect = cls.customer("Lead Prospect")
        cls.env["crm.lead"].create({"name": "Interested", "type": "opportunity",
                                    "partner_id": cls.lead_prospect.id})
        cls.quote_prospect = cls.customer("Quote Prospect", is_company=True)
        cls.quote_contact = cls.customer("Quote Contact", parent_id=cls.quote_prospect.id)
        product = cls.env["product.product"].create({"name": "Thing", "list_price": 10.0, "taxes_id": []})
        cls.env["sale.order"].create({
            "partner_id": cls.quote_contact.id,
            "order_line": [Command.create({"product_id": product.id, "product_uom_qty": 1, "tax_id": []})],
        })
        cls.bystander = cls.customer("Never involved")

    def test_levels_of_every_partner_involved(self):
        run = self.company._value_pyramid_recompute(MAY_FROM, MAY_TO)
        levels = {line.partner_id: line.level for line in run.line_ids}
        self.assertEqual(len(run.line_ids), len(levels), "one line, so one level, per partner")
        best_first = self.buyers[::-1]
        self.assertEqual([levels[partner] for partner in best_first],
                         ["top"] + ["medium"] * 3 + ["small"] * 16)
        self.assertEqual(levels[self.lapsed], "inactive")
        self.assertEqual(levels[self.lead_prospect], "prospect")
        self.assertEqual(levels[self.quote_prospect], "prospect")
        self.assertNotIn(self.quote_contact, levels, "contacts roll up to their company")
        self.assertNotIn(self.bystander, levels)
        self.assertEqual((run.active_count, run.customer_count), (20, 23))
        self.assertEqual(best_first[0].value_pyramid_level, "top")
        self.assertEqual(self.lapsed.value_pyramid_level, "inactive")
        self.assertFalse(self.bystander.value_pyramid_level)
        # Whale curve without losses: 100 % at the last customer, percentiles 5 by 5.
        last = self.line_of(run, best_first[-1])
        self.assertEqual((last.customer_percentile, round(last.cumulative_profit_pct, 6)), (100, 100))
        self.assertEqual(self.line_of(run, best_first[0]).customer_percentile, 5)
        self.assertAlmostEqual(sum(run.line_ids.mapped("profit_share")), 100)

    def test_the_pivots_profit_shares_add_up_with_its_total_row(self):
        # The lapsed customer costs 1,000 in May (a direct cost) and buys nothing:
        # the run's profit is 21,000 of the buyers minus 1,000 = 20,000.
        self.env["crm.customer.cost"].create({
            "partner_id": self.lapsed.id, "company_id": self.company.id, "date": "2026-05-20", "amount": 1000,
        })
        run = self.company._value_pyramid_recompute(MAY_FROM, MAY_TO)
        # The pyramid pivot: a row per level, profit share and profit summed, and the Total row.
        groups = self.env["crm.value.line"]._read_group(
            [("run_id", "=", run.id)], ["level"], ["profit_share:sum", "profit:sum"])
        shown = {level: (round(share, 6), profit) for level, share, profit in groups}
        self.assertEqual(shown, {
            "top": (10, 2000),                          # Buyer 20
            "medium": (27, 1700 + 1800 + 1900),         # Buyers 17 to 19
            "small": (68, 100 * sum(range(1, 17))),     # Buyers 1 to 16: 13,600
            "inactive": (-5, -1000),
            "prospect": (0, 0),
        })
        [(total_share, total_profit)] = self.env["crm.value.line"]._read_group(
            [("run_id", "=", run.id)], [], ["profit_share:sum", "profit:sum"])
        self.assertEqual((round(total_share, 6), total_profit), (100, 20000))
        self.assertEqual(run.profit, 20000)

    def test_run_of_18_0_1_0_0_without_level_counts_still_counts_its_levels(self):
        run = self.company._value_pyramid_recompute(MAY_FROM, MAY_TO)
        expected = {"top": 1, "medium": 3, "small": 16, "inactive": 1, "prospect": 2}
        self.assertEqual(run.level_counts, expected)
        # Runs made before 18.0.1.1.0 have no stored counts: read from their lines.
        self.env.flush_all()
        self.env.cr.execute("UPDATE crm_value_run SET level_counts = NULL WHERE id = %s", [run.id])
        run.invalidate_recordset()
        self.assertFalse(run.level_counts)
        self.assertEqual(run._level_sizes(), expected)

    def test_whale_curve_ends_at_100_when_the_last_customers_lose_money(self):
        # 150 active customers: the two worst of the last percentile lose
        # money, so the curve falls inside it; its point is the end value.
        for index in range(130):
            self.invoice(self.customer(f"Extra {index}"), "2026-05-11", 50)
        losers = self.customer("Loser A") | self.customer("Loser B")
        for partner in losers:
            self.invoice(partner, "2026-05-12", 10)
            self.env["crm.customer.cost"].create({"partner_id": partner.id, "amount": 200, "date": "2026-05-12"})
        run = self.company._value_pyramid_recompute(MAY_FROM, MAY_TO)
        self.assertEqual(run.active_count, 152)
        last = run.line_ids.filtered(lambda line: line.customer_percentile == 100)
        self.assertEqual(len(last), 2)
        self.assertGreater(max(last.mapped("cumulative_profit_pct")), 100)
        curve = dict(self.env["crm.value.line"]._read_group(
            [("run_id", "=", run.id), ("profit_rank", "!=", False)], ["customer_percentile"], ["whale_point_pct:max"]))
        self.assertAlmostEqual(curve[100], 100)
        self.assertGreater(max(curve.values()), 100)
        self.assertEqual(len(curve), 100)

    def test_the_figures_beside_the_pyramid(self):
        run = self.company._value_pyramid_recompute(MAY_FROM, MAY_TO)
        figures = self.env["crm.value.line"].get_pyramid_figures([("run_id", "=", run.id)])
        self.assertTrue(figures["money"])
        # Top: buyer 20 (2,000); Medium: buyers 17 to 19 (5,400); Small: buyers 1 to 16 (13,600); no costs.
        shown = [(row["label"], row["customers"], row["revenue"], row["profit"]) for row in figures["rows"]]
        self.assertEqual(shown, [
            ("Top", 1, "$\xa02,000.00", "$\xa02,000.00"), ("Medium", 3, "$\xa05,400.00", "$\xa05,400.00"),
            ("Small", 16, "$\xa013,600.00", "$\xa013,600.00"), ("Inactive", 1, "$\xa00.00", "$\xa00.00"),
            ("Prospect", 2, "$\xa00.00", "$\xa00.00"),
        ])
        salesman = new_test_user(self.env, "pyramid_sales", groups="sales_team.group_sale_salesman",
                                 company_id=self.company.id, company_ids=[self.company.id])
        theirs = self.env["crm.value.line"].with_user(salesman).get_pyramid_figures([("run_id", "=", run.id)])
        self.assertEqual(theirs, {"money": False, "rows": [
            {"level": level, "label": label, "customers": customers}
            for level, label, customers in (("top", "Top", 1), ("medium", "Medium", 3), ("small", "Small", 16),
                                            ("inactive", "Inactive", 1), ("prospect", "Prospect", 2))
        ]})

    def test_the_whale_curves_figures(self):
        # Two customers buy 10 and cost 510 each: 22 active customers, the
        # 20 buyers earn 21,000, the total profit is 21,000 - 2 x 500 = 20,000.
        for name in ("Loser A", "Loser B"):
            partner = self.customer(name)
            self.invoice(partner, "2026-05-12", 10)
            self.env["crm.customer.cost"].create({"partner_id": partner.id, "amount": 510, "date": "2026-05-12"})
        run = self.company._value_pyramid_recompute(MAY_FROM, MAY_TO)
        figures = self.env["crm.value.line"].get_whale_curve_figures([("run_id", "=", run.id)])
        # The peak is after the 20th customer of 22 (percentile ceil(100 x 20 / 22) = 91): 21,000 / 20,000.
        self.assertEqual({key: round(value, 4) for key, value in figures.items()}, {
            "active_customers": 22, "peak_pct": 105.0, "peak_customers_pct": 91,
            "losing_customers": 2, "losing_customers_pct": round(100 * 2 / 22, 4),
        })
        self.assertEqual(self.env["crm.value.line"].get_whale_curve_figures([("run_id", "=", 0)]), {})
        salesman = new_test_user(self.env, "whale_sales", groups="sales_team.group_sale_salesman",
                                 company_id=self.company.id, company_ids=[self.company.id])
        with self.assertRaises(AccessError):
            self.env["crm.value.line"].with_user(salesman).get_whale_curve_figures([("run_id", "=", run.id)])

    def test_ranking_by_revenue_and_custom_shares(self):
        self.company.write({"value_rank_by": "revenue", "value_top_share": 10, "value_big_share": 10,
                            "value_medium_share": 30, "value_small_share": 50})
        # A big cost makes the best buyer the least profitable: still first by revenue.
        self.env["crm.customer.cost"].create({"partner_id": self.buyers[-1].id, "amount": 5000,
                                              "date": "2026-05-11"})
        run = self.company._value_pyramid_recompute(MAY_FROM, MAY_TO)
        levels = [self.line_of(run, partner).level for partner in self.buyers[::-1]]
        self.assertEqual(levels, ["top"] * 2 + ["big"] * 2 + ["medium"] * 6 + ["small"] * 10)
        self.assertAlmostEqual(self.line_of(run, self.buyers[-1]).profit, -3000)

    def test_migration_matrix_between_two_runs(self):
        april = self.company._value_pyramid_recompute(APRIL_FROM, APRIL_TO)
        # In April only Lapsed had bought (in February): everyone else had
        # not bought yet, Lapsed was inactive already.
        self.assertEqual(self.line_of(april, self.lapsed).level, "inactive")
        self.assertFalse(self.line_of(april, self.buyers[0]))
        may = self.company._value_pyramid_recompute(MAY_FROM, MAY_TO)
        self.assertEqual(may.previous_run_id, april)
        self.assertEqual(self.company.value_current_run_id, may)
        cells = {
            (previous, level): count
            for previous, level, count in self.env["crm.value.line"]._read_group(
                [("run_id", "=", may.id)], ["previous_level", "level"], ["__count"])
        }
        self.assertEqual(cells, {
            (False, "top"): 1, (False, "medium"): 3, (False, "small"): 16,
            ("inactive", "inactive"): 1, ("prospect", "prospect"): 2,
        })
        moved = self.env["crm.value.line"].search([("run_id", "=", may.id), ("previous_level", "=", "prospect")])
        self.assertEqual(moved.partner_id, self.lead_prospect | self.quote_prospect)
        self.assertEqual(self.env["crm.value.line"].search_count([("is_current_run", "=", True)]), 23)

    def test_a_failed_run_leaves_the_previous_results(self):
        first = self.company._value_pyramid_recompute(MAY_FROM, MAY_TO)
        self.env.cr.execute("UPDATE res_company SET value_small_share = 70 WHERE id = %s", [self.company.id])
        self.company.invalidate_recordset()
        with self.assertRaises(ValidationError):
            self.company._value_pyramid_recompute(APRIL_FROM, APRIL_TO)
        self.assertEqual(self.company.value_current_run_id, first)
        self.assertEqual(self.env["crm.value.run"].search([("company_id", "=", self.company.id)]), first)
        self.assertEqual(self.buyers[-1].value_pyramid_level, "top")

    def test_sales_in_a_currency_without_rate_refused(self):
        first = self.company._value_pyramid_recompute(MAY_FROM, MAY_TO)
        jpy = self.env.ref("base.JPY")
        jpy.sudo().write({"active": True})
        jpy.rate_ids.sudo().unlink()
        self.invoice(self.buyers[0], "2026-05-20", 100000, currency=jpy)
        with self.assertRaisesRegex(UserError, "JPY"):
            self.company._value_pyramid_recompute(MAY_FROM, MAY_TO)
        with self.assertRaisesRegex(UserError, "JPY"):
            self.company.action_value_recompute_now()
        self.assertFalse(self.company.value_recompute_requested)
        self.assertEqual(self.env["crm.value.run"].search([("company_id", "=", self.company.id)]), first)
        self.assertEqual(self.buyers[-1].value_pyramid_level, "top")

    def test_levels_group_and_sort_top_down(self):
        """Charts, pivots, grouped lists and sorted lists show the levels top down, not alphabetically."""
        self.company._value_pyramid_recompute(APRIL_FROM, APRIL_TO)
        run = self.company._value_pyramid_recompute(MAY_FROM, MAY_TO)
        Line = self.env["crm.value.line"]
        domain = [("run_id", "=", run.id)]
        # Grouped (charts, grouped lists): 1 Top, no Big, 3 Medium, 16 Small, 1 Inactive, 2 Prospects.
        groups = Line.read_group(domain, ["__count"], ["level"])
        self.assertEqual([(group["level"], group["level_count"]) for group in groups],
                         [("top", 1), ("medium", 3), ("small", 16), ("inactive", 1), ("prospect", 2)])
        groups = Line.read_group(domain, ["__count"], ["level"], orderby="level desc")
        self.assertEqual([group["level"] for group in groups], ["prospect", "inactive", "small", "medium", "top"])
        # The migration matrix (a pivot: both group-bys at once). The April run
        # had Lapsed (inactive) and the two prospects; the May buyers had no
        # line then, so no previous level, which comes last.
        matrix = Line.read_group(domain, ["__count"], ["previous_level", "level"], lazy=False)
        self.assertEqual([(cell["previous_level"], cell["level"], cell["__count"]) for cell in matrix], [
            ("inactive", "inactive", 1), ("prospect", "prospect", 2),
            (False, "top", 1), (False, "medium", 3), (False, "small", 16),
        ])
        # A list sorted by level.
        self.assertEqual(Line.search(domain, order="level, partner_id").mapped("level"),
                         ["top"] + ["medium"] * 3 + ["small"] * 16 + ["inactive"] + ["prospect"] * 2)
        # Customers grouped by their current level (the customer list).
        partners = self.env["res.partner"].read_group(
            [("id", "in", run.line_ids.partner_id.ids)], ["__count"], ["value_pyramid_level"])
        self.assertEqual([group["value_pyramid_level"] for group in partners],
                         ["top", "medium", "small", "inactive", "prospect"])


@tagged("post_install", "-at_install")
class TestLevelShareSettings(ValueCase):
    def test_shares_must_add_up_to_100(self):
        with self.assertRaisesRegex(ValidationError, r"must add up to 100% \(they add up to 90.0%\)"):
            self.company.value_small_share = 70

    def test_shares_cannot_be_negative(self):
        with self.assertRaisesRegex(ValidationError, r"cannot be negative \(big\)"):
            self.company.write({"value_big_share": -4, "value_small_share": 88})

    def assert_refused(self, records, values, message):
        """``records.write(values)`` is refused with ``message`` and changes nothing (assertRaises rolls
        back to a savepoint, as the failed request of the web client rolls back its transaction)."""
        before = records.read(list(values))
        with self.assertRaises(ValidationError) as caught:
            records.write(values)
        self.assertEqual(str(caught.exception), message)
        records.invalidate_recordset()
        self.assertEqual(records.read(list(values)), before)

    def test_value_period_must_be_at_least_a_month(self):
        self.assertEqual(self.company.value_period_months, 12)
        for months in (0, -3):
            self.assert_refused(self.company, {"value_period_months": months},
                                "The value period must be at least one month.")
        self.assertEqual(self.company.value_period_months, 12)
        self.company.value_period_months = 1
        self.assertEqual(self.company.value_period_months, 1)

    def test_cost_driver_rate_and_pool_cannot_be_negative(self):
        message = "Cost driver Calls: the rate and the cost pool cannot be negative."
        Driver = self.env["crm.cost.driver"]
        before = Driver.search_count([])
        for rate, pool in ((-2.5, 0.0), (0.0, -1000.0)):
            with self.assertRaises(ValidationError) as caught:
                self.driver("Calls", "activity_done", rate=rate, pool=pool)
            self.assertEqual(str(caught.exception), message)
        self.assertEqual(Driver.search_count([]), before, "no driver created")
        driver = self.driver("Calls", "activity_done", rate=2.5)
        self.assert_refused(driver, {"rate": -0.01}, message)
        self.assert_refused(driver, {"rate_method": "pool", "pool_amount": -1000.0}, message)
        self.assertEqual((driver.rate_method, driver.rate, driver.pool_amount), ("entered", 2.5, 0.0))
        driver.write({"rate": 0.0, "rate_method": "pool", "pool_amount": 0.0})
        self.assertEqual((driver.rate, driver.pool_amount), (0.0, 0.0))

    def test_valid_shares_saved_together(self):
        self.company.write({"value_top_share": 2.5, "value_small_share": 78.5})
        self.assertEqual(self.company._value_level_shares(),
                         {"top": 2.5, "big": 4, "medium": 15, "small": 78.5})

    def test_recompute_now_queues_the_cron(self):
        action = self.company.action_value_recompute_now()
        self.assertEqual(action["tag"], "display_notification")
        self.assertTrue(self.company.value_recompute_requested)
        cron = self.env.ref("crm_value_pyramid.ir_cron_value_recompute")
        self.assertTrue(self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)]))

    def test_cron_recomputes_each_company_over_its_rolling_period(self):
        partner = self.customer("Recent buyer")
        self.invoice(partner, fields.Date.today() - relativedelta(months=1), 100)
        self.company.write({"value_recompute_requested": True, "value_period_months": 3})
        for _company in self.env["res.company"].search([]):
            self.env["crm.value.run"]._run_cron()
        run = self.company.value_current_run_id
        self.assertEqual(run.date_to, fields.Date.context_today(run))
        self.assertEqual(run.date_from, run.date_to + relativedelta(days=1) - relativedelta(months=3))
        self.assertFalse(self.company.value_recompute_requested)
        self.assertEqual(partner.value_pyramid_level, "top")

    def test_cron_keeps_the_reason_a_company_failed_and_computes_the_others(self):
        """A company with a sale in a currency without rate fails alone; its reason shows in Settings."""
        other = self.setup_other_company(name="Rated Co")["company"]
        self.env["res.company"].search([("id", "not in", [self.company.id, other.id])]).write(
            {"value_failed_date": fields.Date.today()})
        jpy = self.env.ref("base.JPY")
        jpy.sudo().write({"active": True})
        jpy.rate_ids.sudo().unlink()
        self.invoice(self.customer("Paid in yen"), fields.Date.today(), 100000, currency=jpy)
        theirs = self.customer("Their customer")
        self.invoice(theirs, fields.Date.today(), 70, company=other)
        with self.assertLogs("odoo.addons.crm_customer_value_base.models.crm_run_mixin", "WARNING") as logs:
            for _company in self.env["res.company"].search([]):
                self.env["crm.value.run"].sudo()._run_cron()
        self.assertEqual(len(logs.output), 1)
        self.assertIn(f"Customer Value Run of {self.company.name} not computed", logs.output[0])
        self.assertFalse(self.company.value_current_run_id)
        self.assertEqual(self.company.value_failed_date, fields.Date.today())
        settings = self.env["res.config.settings"].with_company(self.company).create({})
        self.assertRegex(settings.value_error, "in JPY cannot be converted")
        self.assertEqual(theirs.with_company(other).value_revenue, 70)
        self.assertFalse(other.value_error)

