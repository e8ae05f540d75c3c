import time
from datetime import date

from odoo.tests import HttpCase, tagged

from .common import ScorecardCase


@tagged("post_install", "-at_install")
class TestScorecardDashboard(ScorecardCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.customer_active_months = 1
        cls.lost = cls.customer("Tour Lost Customer")
        cls.invoice(cls.lost, "2026-01-10", 100)
        loyal = cls.customer("Tour Loyal Customer")
        cls.invoice(loyal, "2026-01-10", 100)
        cls.invoice(loyal, "2026-02-10", 100)

    def test_dashboard_data_is_one_fast_call(self):
        self.company._scorecard_compute(date(2025, 3, 1), date(2026, 2, 28))
        self.env["crm.scorecard.target"].create({
            "kpi_id": self.env.ref("crm_scorecard.kpi_active_customers").id, "date_from": date(2026, 2, 1),
            "date_to": date(2026, 2, 28), "target": 2,
        })
        started = time.perf_counter()
        data = self.env["crm.scorecard.value"].get_dashboard_data(period_type="month")
        elapsed = time.perf_counter() - started
        self.assertLess(elapsed, 0.3)
        self.assertEqual(data["period_start"], "2026-02-01")
        self.assertEqual(len(data["periods"]), 12)
        card = next(card for card in data["cards"] if card["code"] == "active_customers")
        self.assertEqual((card["actual"], card["target"], card["delta"], card["status"]), (1, 2, -1, "red"))
        self.assertEqual(card["sparkline"][-2:], [2, 1])
        self.assertEqual(len(card["sparkline"]), 12)
        january = self.env["crm.scorecard.value"].get_dashboard_data(period_type="month", period_start="2026-01-01")
        card = next(card for card in january["cards"] if card["code"] == "active_customers")
        self.assertEqual((card["actual"], card["status"]), (2, "none"))

    def test_tour_from_the_card_to_the_churned_customers(self):
        self.company._scorecard_compute(date(2026, 1, 1), date(2026, 2, 28))
        self.env.user.groups_id |= self.env.ref("sales_team.group_sale_manager")
        self.start_tour("/odoo/crm", "crm_scorecard_dashboard_tour", login=self.env.user.login)
