"""Value history that reads right: value runs pruned like RFM runs, month
ends compared with the month end before, baselines, the migration of a run
from a baseline (Measure again), the customer's history one run a day, and
the month ends of the past computed on request (Backfill history).

Four levels of 25 % each and no costs (profit = revenue): with four active
customers the best is Top, then Big, Medium, Small; a customer who bought
before the period but not in it is Inactive.
"""

from datetime import date

from lxml import etree

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import SQL
from odoo.tools.safe_eval import safe_eval

from .common import ValueCase


def month(day):
    """The one-month run ending on ``day``: 1 to 31 March for 31 March."""
    day = date.fromisoformat(day)
    return day.replace(day=1), day


@tagged("post_install", "-at_install")
class TestValueHistory(ValueCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.groups_id |= cls.env.ref("sales_team.group_sale_manager")
        cls.company.write({
            "value_top_share": 25, "value_big_share": 25, "value_medium_share": 25, "value_small_share": 25,
            "value_period_months": 1, "value_history_days": 35,
        })
        cls.a, cls.b, cls.c, cls.d, cls.e = (cls.customer(name) for name in "ABCDE")
        for partner, march, april, june in ((cls.a, 400, 100, 50), (cls.b, 300, 200, 400),
                                            (cls.c, 200, 300, 100), (cls.d, 100, 400, 0)):
            cls.invoice(partner, "2026-03-10", march)
            cls.invoice(partner, "2026-04-20", april)
            if june:
                cls.invoice(partner, "2026-06-10", june)
        cls.invoice(cls.e, "2026-06-12", 300)  # a new customer in June

    def run_month(self, day, date_from=None):
        first, last = month(day)
        return self.company._value_pyramid_recompute(date_from or first, last)

    def levels(self, run):
        return {line.partner_id.name: line.level for line in run.line_ids}

    def matrix(self, run, context=None, measure="__count"):
        """The migration matrix of ``run`` as its pivot reads it: {(level before, level): measure}."""
        lines = self.env["crm.value.line"].with_context(**(context or {}))
        groups = lines._read_group([("run_id", "=", run.id)], ["compared_level", "level"], [measure])
        return {(before, level): value for before, level, value in groups}

    def test_month_ends_keep_their_comparison_when_value_runs_are_pruned(self):
        march = self.run_month("2026-03-31")
        mid_april = self.run_month("2026-04-15")  # nobody bought from 1 to 15 April: all Inactive
        april = self.run_month("2026-04-30")
        mid_may = self.run_month("2026-05-10")
        may = self.run_month("2026-05-31")
        june = self.run_month("2026-06-30")
        self.assertEqual(self.levels(march), {"A": "top", "B": "big", "C": "medium", "D": "small"})
        self.assertEqual(self.levels(april), {"A": "small", "B": "medium", "C": "big", "D": "top"})
        self.assertEqual(april.previous_run_id, mid_april)
        self.assertEqual(self.matrix(april), {("inactive", level): 1 for level in ("top", "big", "medium", "small")})

        # The nightly run prunes: kept from 26 May (35 days), the month ends, the current run.
        self.env["crm.value.run"]._run_prune(self.company, today=date(2026, 6, 30))
        self.assertEqual((mid_april | mid_may).exists(), self.env["crm.value.run"])
        self.assertEqual((march | april | may | june).exists(), march | april | may | june)
        self.assertFalse(self.env["crm.value.line"].search_count([("run_id", "in", (mid_april | mid_may).ids)]))
        # April now compares with March, its stored levels too: A Top → Small, B Big → Medium ...
        self.assertEqual(april.previous_run_id, march)
        self.assertEqual(self.matrix(april), {
            ("top", "small"): 1, ("big", "medium"): 1, ("medium", "big"): 1, ("small", "top"): 1,
        })
        self.assertEqual({line.partner_id.name: line.previous_level for line in april.line_ids},
                         {"A": "top", "B": "big", "C": "medium", "D": "small"})
        self.assertEqual(may.previous_run_id, april, "its previous run was kept")

    def test_the_migration_from_a_baseline_with_revenue_moved(self):
        march = self.run_month("2026-03-31")
        self.run_month("2026-04-30")
        may = self.run_month("2026-05-31")
        june = self.run_month("2026-06-30")
        action = march.action_keep_as_baseline()
        self.env["crm.run.baseline"].with_context(**action["context"]).create({"name": "Kick-off"}).action_confirm()
        self.assertEqual(self.env["crm.value.run"]._run_prune(self.company, today=date(2027, 6, 30)), 0,
                         "month ends and baselines are all kept")

        compare = self.env["crm.value.compare"].create({})
        self.assertEqual((compare.run_id, compare.baseline_run_id), (june, march))
        action = compare.action_compare()
        self.assertEqual(action["display_name"], "Pyramid migration: Kick-off (2026-03-31) → 2026-06-30")
        # June: B 400 Top, E 300 Big, C 100 Medium, A 50 Small, D Inactive;
        # March: A Top, B Big, C Medium, D Small, E not a customer.
        self.assertEqual(self.matrix(june, action["context"]), {
            ("top", "small"): 1, ("big", "top"): 1, ("medium", "medium"): 1, ("small", "inactive"): 1,
            (False, "big"): 1,
        })
        self.assertEqual(self.matrix(june, action["context"], "revenue:sum"), {
            ("top", "small"): 50, ("big", "top"): 400, ("medium", "medium"): 100, ("small", "inactive"): 0,
            (False, "big"): 300,
        })
        # Without a baseline June compares with May, when nobody bought: all were Inactive.
        self.assertEqual(june.previous_run_id, may)
        self.assertEqual(self.matrix(june), {
            ("inactive", "top"): 1, ("inactive", "medium"): 1, ("inactive", "small"): 1,
            ("inactive", "inactive"): 1, (False, "big"): 1,
        })
        # A cell opens its customers, with the baseline's level in the list.
        lines = self.env["crm.value.line"].with_context(**action["context"])
        of_june = [("run_id", "=", june.id)]

        def names(domain):
            return sorted(lines.search(of_june + domain).partner_id.mapped("name"))

        self.assertEqual(names([("compared_level", "=", "top"), ("level", "=", "small")]), ["A"])
        self.assertEqual(names([("compared_level", "=", False)]), ["E"])
        self.assertEqual(names([("compared_level", "in", ["small", False])]), ["D", "E"])
        self.assertEqual(names([("compared_level", "!=", "top")]), ["B", "C", "D", "E"])
        self.assertEqual(names([("compared_level", "not in", ["top", "big"])]), ["C", "D", "E"])
        a_line = lines.search(of_june + [("partner_id", "=", self.a.id)])
        without_baseline = a_line.with_context(value_compare_run_id=None)
        self.assertEqual((a_line.compared_level, without_baseline.compared_level), ("top", "inactive"))
        with self.assertRaisesRegex(UserError, "compared with levels"):
            lines.search([("compared_level", "ilike", "to")])

    def test_the_customer_tab_shows_the_current_run_and_its_history_one_run_a_day(self):
        self.run_month("2026-05-31")
        first = self.run_month("2026-06-30")
        again = self.run_month("2026-06-30", date_from=date(2026, 6, 5))  # a second run the same day
        self.assertEqual(self.company.value_current_run_id, again)
        self.assertEqual((first.is_current, again.is_current), (False, True))
        self.assertEqual((first.is_last_of_day, again.is_last_of_day), (False, True))
        action = self.b.action_open_value_history()
        self.assertEqual(action["display_name"], "Value history of B")
        # The action's default filter, as the search view defines it.
        self.assertEqual(action["context"], "{'search_default_last_run_of_day': 1}")
        search = etree.fromstring(self.env["crm.value.line"].get_view(view_type="search")["arch"])
        one_a_day = safe_eval(search.xpath("//filter[@name='last_run_of_day']")[0].get("domain"))
        history = self.env["crm.value.line"].search(action["domain"] + one_a_day)
        self.assertEqual([(str(line.date_to), line.level, line.revenue) for line in history],
                         [("2026-06-30", "top", 400), ("2026-05-31", "inactive", 0)])
        self.assertEqual(self.b.value_revenue, 400)

    def test_backfill_computes_past_month_ends_without_touching_the_current_run(self):
        june = self.run_month("2026-06-30")
        self.assertFalse(june.previous_run_id, "the first run")
        days = [date(2026, 3, 31), date(2026, 4, 30), date(2026, 5, 31)]
        backfill = self.env["crm.run.backfill"]
        requests = backfill._request("crm.value.run", self.company, days)
        self.assertEqual(requests.mapped("state"), ["pending"] * 3)
        cron = self.env.ref("crm_customer_value_base.ir_cron_run_backfill")
        self.assertTrue(self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)]), "the scheduler is woken")
        self.assertFalse(backfill._request("crm.value.run", self.company, days), "a second click asks for nothing")
        for _request in days:
            backfill._cron_process()
        self.assertEqual(requests.mapped("state"), ["done"] * 3)
        runs = self.env["crm.value.run"].search([("company_id", "=", self.company.id)], order="date_to")
        self.assertEqual([(str(run.date_from), str(run.date_to)) for run in runs], [
            ("2026-03-01", "2026-03-31"), ("2026-04-01", "2026-04-30"), ("2026-05-01", "2026-05-31"),
            ("2026-06-01", "2026-06-30"),
        ])
        march, april, may, _june = runs
        self.assertEqual(self.company.value_current_run_id, june, "a run of the past does not become current")
        self.assertEqual(self.b.value_revenue, 400)
        self.assertEqual((april.previous_run_id, may.previous_run_id, june.previous_run_id), (march, april, may))
        self.assertEqual(self.levels(march), {"A": "top", "B": "big", "C": "medium", "D": "small"})
        self.assertEqual(self.levels(april), {"A": "small", "B": "medium", "C": "big", "D": "top"})
        # June took May as its previous run, its stored levels too.
        self.assertEqual({line.partner_id.name: line.previous_level for line in june.line_ids},
                         {"A": "inactive", "B": "inactive", "C": "inactive", "D": "inactive", "E": False})
        self.assertFalse(backfill._request("crm.value.run", self.company, days), "they are there now")

    def test_a_backfill_month_that_cannot_be_computed_fails_alone_with_its_reason(self):
        days = [date(2026, 4, 30), date(2026, 5, 31)]
        requests = self.env["crm.run.backfill"]._request("crm.value.run", self.company, days)
        # The settings break after the request (as a manager's edit could; the form refuses it).
        self.env.cr.execute(SQL("UPDATE res_company SET value_top_share = 50 WHERE id = %s", self.company.id))
        self.company.invalidate_recordset()
        with self.assertLogs("odoo.addons.crm_customer_value_base.models.crm_run_backfill", "WARNING"):
            self.env["crm.run.backfill"]._cron_process()
        self.assertEqual(requests.mapped("state"), ["failed", "pending"])
        self.assertIn("must add up to 100%", requests[0].error)
        self.assertFalse(self.env["crm.value.run"].search([("company_id", "=", self.company.id)]))

    def test_only_value_managers_backfill_and_bad_requests_change_nothing(self):
        salesman = new_test_user(self.env, "value_history_sales", groups="sales_team.group_sale_manager",
                                 company_id=self.company.id, company_ids=[self.company.id])
        wizard = self.env["crm.run.backfill.wizard"].with_user(salesman).create({
            "months": 2, "everything": False, "computations": "crm.value.run",
        })
        with self.assertRaisesRegex(AccessError, "Only a manager of Customer Value Run"):
            wizard.action_backfill()
        for months in (0, 37):
            with self.subTest(months=months), self.assertRaisesRegex(UserError, "between 1 and 36"):
                self.env["crm.run.backfill.wizard"].create({"months": months}).action_backfill()
        self.assertFalse(self.env["crm.run.backfill"].search([]))
        wizard = self.env["crm.run.backfill.wizard"].create({"months": 3, "everything": False,
                                                             "computations": "crm.value.run"})
        self.assertEqual(wizard._month_ends(date(2026, 7, 4)), [date(2026, 4, 30), date(2026, 5, 31),
                                                               date(2026, 6, 30)])
        self.assertEqual(wizard._month_ends(date(2026, 3, 31)), [date(2025, 12, 31), date(2026, 1, 31),
                                                                date(2026, 2, 28)])
        action = wizard.action_backfill()
        self.assertIn("3 month-end runs are computed in the background", action["params"]["message"])
        self.assertEqual(self.env["crm.run.backfill"].search([]).mapped("res_model"), ["crm.value.run"] * 3)

    def test_a_value_manager_backfills_the_value_pyramid_only(self):
        value_manager = new_test_user(self.env, "value_history_vm",
                                      groups="crm_customer_value_base.group_value_manager",
                                      company_id=self.company.id, company_ids=[self.company.id])
        self.assertFalse(value_manager.has_group("sales_team.group_sale_manager"))
        wizard = self.env["crm.run.backfill.wizard"].with_user(value_manager).create({"months": 2})
        action = wizard.action_backfill()
        self.assertIn("2 month-end runs are computed", action["params"]["message"])
        self.assertEqual(self.env["crm.run.backfill"].search([]).mapped("res_model"), ["crm.value.run"] * 2)
        salesman = new_test_user(self.env, "value_history_plain", groups="sales_team.group_sale_salesman",
                                 company_id=self.company.id, company_ids=[self.company.id])
        with self.assertRaises(AccessError):
            self.env["crm.run.backfill.wizard"].with_user(salesman).create({"months": 2})

    def test_value_history_setting_must_keep_at_least_a_day(self):
        for days in (0, -1):
            with self.subTest(days=days), self.assertRaisesRegex(ValidationError, "at least the last day"), \
                    self.env.cr.savepoint():
                self.company.value_history_days = days
        self.assertEqual(self.company.value_history_days, 35)
