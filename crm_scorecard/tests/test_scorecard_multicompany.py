from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import ScorecardCase


@tagged("post_install", "-at_install")
class TestScorecardMultiCompany(ScorecardCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.setup_other_company()["company"]
        shared = cls.customer("Shared customer")
        cls.invoice(shared, "2026-01-10", 100)
        cls.invoice(cls.customer("Only A"), "2026-01-10", 50)
        # Company B sells much more, to the same shared partner and others.
        cls.invoice(shared, "2026-01-12", 1000, company=cls.company_b)
        for index in range(3):
            cls.invoice(cls.customer(f"Only B {index}"), "2026-01-12", 1000, company=cls.company_b)

    def test_a_scorecard_never_includes_another_company(self):
        self.company._scorecard_compute(date(2026, 1, 1), date(2026, 1, 31))
        self.company_b._scorecard_compute(date(2026, 1, 1), date(2026, 1, 31))
        a, b = self.values(self.company), self.values(self.company_b)
        self.assertEqual(a["active_customers"]["2026-01-01"], 2)
        self.assertEqual(a["net_revenue"]["2026-01-01"], 150.0)
        self.assertEqual(b["active_customers"]["2026-01-01"], 4)
        self.assertEqual(b["net_revenue"]["2026-01-01"], 4000.0)

    def test_users_see_the_scorecards_of_their_companies_only(self):
        self.company._scorecard_compute(date(2026, 1, 1), date(2026, 1, 31))
        self.company_b._scorecard_compute(date(2026, 1, 1), date(2026, 1, 31))
        user_a = new_test_user(self.env, "sc_user_a", groups="sales_team.group_sale_salesman",
                               company_id=self.company.id, company_ids=[self.company.id])
        Value = self.env["crm.scorecard.value"].with_user(user_a)
        self.assertEqual(Value.search([]).company_id, self.company)
        data = Value.get_dashboard_data()
        self.assertEqual(data["company_id"], self.company.id)
        self.assertEqual(data["companies"], [[self.company.id, self.company.name]])
        with self.assertRaises(UserError):
            Value.get_dashboard_data(company_id=self.company_b.id)
        value_b = self.env["crm.scorecard.value"].search([("company_id", "=", self.company_b.id)], limit=1)
        with self.assertRaises(AccessError):
            Value.action_open_value(value_b.id)
