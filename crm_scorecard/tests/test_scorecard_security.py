import io
from datetime import date

import openpyxl

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from odoo.addons.crm_customer_value_base.tests.security_matrix import SecurityMatrixCase
from odoo.addons.crm_customer_value_base.tools.access import VALUE_MANAGER

ALL = {"read", "write", "create", "unlink"}


@tagged("post_install", "-at_install")
class TestScorecardSecurityMatrix(SecurityMatrixCase):
    """Scorecards are read by salespeople and run by sales managers; profit and
    cost KPIs are for Customer Value Managers only, as the pyramid's money."""

    ROLE_GROUPS = {**SecurityMatrixCase.ROLE_GROUPS, "value_manager": VALUE_MANAGER}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        partner = cls.env["res.partner"].create({"name": "Scorecard customer"})
        move = cls.env["account.move"].create({
            "move_type": "out_invoice", "partner_id": partner.id, "invoice_date": date(2026, 3, 10),
            "invoice_line_ids": [(0, 0, {"name": "goods", "price_unit": 100.0, "tax_ids": []})],
        })
        move.action_post()
        cls.company._value_pyramid_recompute(date(2026, 3, 1), date(2026, 3, 31))
        cls.company._scorecard_compute(date(2026, 3, 1), date(2026, 3, 31))
        Value = cls.env["crm.scorecard.value"]
        cls.plain = Value.search([("company_id", "=", cls.company.id), ("team_id", "=", False),
                                  ("kpi_id.code", "=", "active_customers")])
        cls.profit = Value.search([("company_id", "=", cls.company.id), ("team_id", "=", False),
                                   ("kpi_id.code", "=", "profit_after_cost_to_serve")])
        cls.target = cls.env["crm.scorecard.target"].create({
            "kpi_id": cls.plain.kpi_id.id, "company_id": cls.company.id, "target": 5,
            "date_from": date(2026, 1, 1), "date_to": date(2026, 12, 31),
        })

    def test_kpi_catalogue(self):
        self.assert_matrix(self.env.ref("crm_scorecard.kpi_churn_rate"), {
            "portal": set(), "salesman": {"read"}, "sales_manager": ALL, "value_manager": {"read"},
            "other_company": {"read"},
        }, {"sequence": 99})

    def test_values(self):
        self.assertEqual(self.plain.actual, 1.0)
        self.assert_matrix(self.plain, {
            "portal": set(), "salesman": {"read"}, "sales_manager": {"read", "unlink"}, "value_manager": {"read"},
            "other_company": set(),
        }, {"actual": 42.0})

    def test_profit_values_only_for_value_managers(self):
        self.assertTrue(self.profit.has_actual)
        self.assert_matrix(self.profit, {
            "portal": set(), "salesman": set(), "sales_manager": set(), "value_manager": {"read"},
            "other_company": set(),
        }, {"actual": 42.0}, hidden_by_rules={"salesman", "sales_manager"})

    def test_targets(self):
        self.assert_matrix(self.target, {
            "portal": set(), "salesman": {"read"}, "sales_manager": ALL, "value_manager": {"read"},
            "other_company": set(),
        }, {"target": 7})

    def test_dashboard_and_export_hide_profit_from_salespeople(self):
        def dashboard_codes(user):
            data = self.env["crm.scorecard.value"].with_user(user).get_dashboard_data(
                company_id=self.company.id, period_start="2026-03-01")
            return {card["code"]: card["actual"] for card in data["cards"]}

        def exported_labels(user):
            content = self.env["crm.scorecard.value"].with_user(user)._export_xlsx(
                self.company, "month", date(2026, 3, 1), date(2026, 3, 31))
            workbook = openpyxl.load_workbook(io.BytesIO(content))
            return {cell.value for sheet in workbook for cell in sheet["A"] if cell.value}

        salesman, value_manager = self.users["salesman"], self.users["value_manager"]
        self.assertNotIn("profit_after_cost_to_serve", dashboard_codes(salesman))
        self.assertNotIn("cost_to_serve_pct", dashboard_codes(salesman))
        self.assertEqual(dashboard_codes(salesman)["active_customers"], 1.0)
        self.assertEqual(dashboard_codes(value_manager)["profit_after_cost_to_serve"], self.profit.actual)
        profit_label = self.profit.kpi_id.name
        self.assertNotIn(profit_label, exported_labels(salesman))
        self.assertIn(profit_label, exported_labels(value_manager))
        # The drill-down of a hidden value is refused.
        with self.assertRaises(AccessError):
            self.env["crm.scorecard.value"].with_user(salesman).action_open_value(self.profit.id)

    def test_formula_over_a_profit_kpi_is_confidential(self):
        manager = new_test_user(self.env, "sc_kpi_manager", groups="sales_team.group_sale_manager")
        kpi = self.env["crm.scorecard.kpi"].with_user(manager).create({
            "code": "profit_ratio", "name": "Profit ratio", "perspective": "financial", "unit": "percent",
            "formula_type": "formula", "formula": "profit_after_cost_to_serve / net_revenue * 100",
        })
        self.assertTrue(kpi.confidential)
        plain = self.env["crm.scorecard.kpi"].with_user(manager).create({
            "code": "revenue_double", "name": "Double revenue", "perspective": "financial", "unit": "money",
            "formula_type": "formula", "formula": "net_revenue * 2",
        })
        self.assertFalse(plain.confidential)


@tagged("post_install", "-at_install")
class TestScorecardRecomputeSecurityMatrix(SecurityMatrixCase):
    """The recompute wizard is for sales managers, and only for their companies:
    the other company's user is a sales manager too, who still cannot see or
    queue a recompute of this one."""

    ROLE_GROUPS = {**SecurityMatrixCase.ROLE_GROUPS, "value_manager": VALUE_MANAGER}
    OTHER_COMPANY_GROUPS = "sales_team.group_sale_manager"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.wizard = cls.env["crm.scorecard.recompute"].create({
            "company_id": cls.company.id, "period_type": "quarter",
            "date_from": date(2026, 1, 1), "date_to": date(2026, 3, 31),
        })

    def test_recompute_wizard(self):
        self.assert_matrix(self.wizard, {
            "portal": set(), "salesman": set(), "sales_manager": ALL, "value_manager": set(),
            "other_company": set(),
        }, {"period_type": "year"})

    def test_other_company_manager_cannot_queue_this_company(self):
        other_manager = self.users["other_company"]
        Wizard = self.env["crm.scorecard.recompute"].with_user(other_manager)
        with self.assertRaises(AccessError):
            Wizard.create({"company_id": self.company.id, "date_from": date(2026, 1, 1),
                           "date_to": date(2026, 3, 31)})
        self.assertFalse(self.company.scorecard_request_date_from)
        # His own company he may.
        Wizard.create({"date_from": date(2026, 1, 1), "date_to": date(2026, 3, 31)}).action_recompute()
        self.assertEqual(self.other_company.scorecard_request_date_from, date(2026, 1, 1))
