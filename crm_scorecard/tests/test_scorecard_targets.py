from datetime import date

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common import ScorecardCase


@tagged("post_install", "-at_install")
class TestScorecardTargets(ScorecardCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for index in range(4):
            cls.invoice(cls.customer(f"T{index}"), "2026-01-15", 100)
        cls.invoice(cls.customer("T4"), "2026-02-15", 100)
        cls.kpi = cls.env.ref("crm_scorecard.kpi_active_customers")
        cls.churn = cls.env.ref("crm_scorecard.kpi_churn_rate")

    def value(self, kpi, start):
        return self.env["crm.scorecard.value"].search([
            ("company_id", "=", self.company.id), ("kpi_id", "=", kpi.id), ("period_start", "=", start),
            ("period_type", "=", "month"), ("team_id", "=", False),
        ])

    def test_statuses_follow_targets_and_direction(self):
        self.company._scorecard_compute(date(2026, 1, 1), date(2026, 2, 28))
        january, february = self.value(self.kpi, date(2026, 1, 1)), self.value(self.kpi, date(2026, 2, 1))
        self.assertEqual((january.actual, february.actual), (4, 5))
        self.assertEqual(january.status, "none")
        target = self.env["crm.scorecard.target"].create({
            "kpi_id": self.kpi.id, "date_from": date(2026, 1, 1), "date_to": date(2026, 2, 28),
            "target": 5, "amber_pct": 10, "red_pct": 20,
        })
        # Stored values take the new target without a recompute: 4 is 20 % short.
        self.assertEqual((january.target, january.status), (5, "red"))
        self.assertEqual(february.status, "green")
        target.red_pct = 30
        self.assertEqual(january.status, "amber")
        # Lower is better: a churn of 0 beats any target.
        self.env["crm.scorecard.target"].create({
            "kpi_id": self.churn.id, "date_from": date(2026, 1, 1), "date_to": date(2026, 12, 31), "target": 5,
        })
        self.assertEqual(self.value(self.churn, date(2026, 2, 1)).status, "green")
        # Recomputing keeps the target and light.
        self.company._scorecard_compute(date(2026, 1, 1), date(2026, 1, 31))
        self.assertEqual(january.status, "amber")

    def test_targets_do_not_overlap_and_thresholds_are_ordered(self):
        values = {"kpi_id": self.kpi.id, "date_from": date(2026, 1, 1), "date_to": date(2026, 3, 31), "target": 5}
        self.env["crm.scorecard.target"].create(values)
        with self.assertRaises(ValidationError):
            self.env["crm.scorecard.target"].create({**values, "date_from": date(2026, 3, 1)})
        with self.assertRaises(ValidationError):
            self.env["crm.scorecard.target"].create({**values, "date_from": date(2027, 1, 1),
                                                      "date_to": date(2027, 2, 1), "amber_pct": 30, "red_pct": 20})

    def test_user_formula_kpi(self):
        with Form(self.env["crm.scorecard.kpi"]) as form:
            form.name = "Revenue per new customer"
            form.code = "revenue_per_new"
            form.perspective = "financial"
            form.unit = "money"
            form.formula_type = "formula"
            form.formula = "net_revenue / new_customers"
        self.company._scorecard_compute(date(2026, 1, 1), date(2026, 2, 28))
        values = self.values()
        self.assertEqual(values["revenue_per_new"], {"2026-01-01": 100.0, "2026-02-01": 100.0})
        # A formula over a formula.
        self.env["crm.scorecard.kpi"].create({
            "name": "Twice", "code": "twice", "perspective": "financial", "formula": "revenue_per_new * 2",
        })
        self.company._scorecard_compute(date(2026, 1, 1), date(2026, 1, 31))
        self.assertEqual(self.values()["twice"]["2026-01-01"], 200.0)

    def test_invalid_formulas_and_settings_are_refused(self):
        Kpi = self.env["crm.scorecard.kpi"]
        base = {"name": "x", "perspective": "financial", "formula_type": "formula"}
        with self.assertRaises(ValidationError):
            Kpi.create({**base, "code": "bad_code_ref", "formula": "net_revenue / nothing_such"})
        with self.assertRaises(ValidationError):
            Kpi.create({**base, "code": "bad_syntax", "formula": "__import__('os').system('true')"})
        with self.assertRaises(ValidationError):
            Kpi.create({**base, "code": "self_ref", "formula": "self_ref + 1"})
        with self.assertRaises(ValidationError):
            Kpi.create({**base, "code": "not an identifier", "formula": "1"})
        window = self.company.customer_active_months
        for months in (0, -6):
            with self.assertRaisesRegex(ValidationError, "at least one month"), self.env.cr.savepoint():
                self.company.customer_active_months = months
        self.assertEqual(self.company.customer_active_months, window)
        self.assertFalse(Kpi.search_count([("code", "in", ["bad_code_ref", "bad_syntax", "self_ref"])]))

    def test_salesman_reads_manager_sets_targets(self):
        self.company._scorecard_compute(date(2026, 1, 1), date(2026, 1, 31))
        salesman = new_test_user(self.env, "sc_salesman", groups="sales_team.group_sale_salesman",
                                 company_id=self.company.id, company_ids=[self.company.id])
        manager = new_test_user(self.env, "sc_manager", groups="sales_team.group_sale_manager",
                                company_id=self.company.id, company_ids=[self.company.id])
        Target = self.env["crm.scorecard.target"]
        self.assertTrue(self.env["crm.scorecard.value"].with_user(salesman).search_count([]))
        with self.assertRaises(AccessError):
            Target.with_user(salesman).create({
                "kpi_id": self.kpi.id, "date_from": date(2026, 1, 1), "date_to": date(2026, 1, 31), "target": 1,
            })
        target = Target.with_user(manager).create({
            "kpi_id": self.kpi.id, "date_from": date(2026, 1, 1), "date_to": date(2026, 1, 31), "target": 1,
        })
        self.assertEqual(self.value(self.kpi, date(2026, 1, 1)).status, "green")
        with self.assertRaises(AccessError):
            self.value(self.kpi, date(2026, 1, 1)).with_user(manager).write({"actual": 3})
        self.assertTrue(target)

    def test_wizard_queues_a_range_for_the_cron(self):
        self.env.user.groups_id |= self.env.ref("sales_team.group_sale_manager")
        wizard = self.env["crm.scorecard.recompute"].create({
            "company_id": self.company.id, "period_type": "quarter",
            "date_from": date(2026, 1, 1), "date_to": date(2026, 3, 31),
        })
        action = wizard.action_recompute()
        self.assertEqual(action["tag"], "display_notification")
        self.assertEqual(self.company.scorecard_request_period, "quarter")
        self.assertFalse(self.values(period="quarter"))
        self.run_scorecard_cron()
        self.assertEqual(self.values(period="quarter")["active_customers"], {"2026-01-01": 5})
        self.assertFalse(self.company.scorecard_request_date_from)
        # The cron also fills the current month.
        today = date.today().replace(day=1).isoformat()
        self.assertIn(today, self.values()["active_customers"])
