import json

from odoo import http
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import MAY_FROM, MAY_TO, ValueCase


@tagged("post_install", "-at_install")
class TestValuePyramidUi(ValueCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for index in range(1, 6):
            cls.invoice(cls.customer(f"Tour buyer {index}"), "2026-05-10", 100 * index)
        cls.invoice(cls.customer("Tour lapsed"), "2026-01-10", 80)
        cls.driver("Invoicing", "invoice", pool=250)
        cls.company._value_pyramid_recompute(MAY_FROM, MAY_TO)
        cls.manager = new_test_user(cls.env, "value_tour_manager", password="value_tour_manager",
                                    groups="crm_customer_value_base.group_value_manager",
                                    company_id=cls.company.id, company_ids=[cls.company.id])
        cls.salesman = new_test_user(cls.env, "value_ui_sales", password="value_ui_sales",
                                     groups="sales_team.group_sale_salesman,base.group_allow_export",
                                     company_id=cls.company.id, company_ids=[cls.company.id])

    def test_pyramid_and_whale_curve_tour(self):
        self.start_tour("/odoo/crm", "crm_value_pyramid_tour", login="value_tour_manager")

    def export(self, fields):
        self.authenticate("value_ui_sales", "value_ui_sales")
        partners = self.env["res.partner"].search([("value_pyramid_level", "!=", False)])
        data = {"model": "res.partner", "fields": [{"name": name, "label": name} for name in fields],
                "ids": partners.ids, "domain": [], "import_compat": False}
        token = http.Request.csrf_token(self)
        return self.url_open("/web/export/xlsx", data={"data": json.dumps(data), "csrf_token": token})

    def test_salesperson_exports_levels_but_not_profit(self):
        response = self.export(["name", "value_pyramid_level"])
        self.assertEqual(response.status_code, 200)
        self.assertIn("spreadsheetml", response.headers["Content-Type"])
        # The money field raises AccessError, which the export route logs and
        # turns into an error response: no workbook.
        with mute_logger("odoo.addons.web.controllers.export"):
            denied = self.export(["name", "value_profit"])
        self.assertIn(b"You do not have enough rights to access the fields", denied.content)
        self.assertNotIn("spreadsheetml", denied.headers.get("Content-Type", ""))
        self.assertNotIn(b"900", denied.content)



@tagged("post_install", "-at_install")
class TestValueBaselineUi(ValueCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write({"value_top_share": 25, "value_big_share": 25, "value_medium_share": 25,
                           "value_small_share": 25})
        # March: Ann Top, Bea Big, Cid Medium, Dan Small; June: Dan Top, Cid Big, Bea Medium, Ann Small.
        for name, march, june in (("Ann", 400, 100), ("Bea", 300, 200), ("Cid", 200, 300), ("Dan", 100, 400)):
            partner = cls.customer(f"Baseline {name}")
            cls.invoice(partner, "2026-03-10", march)
            cls.invoice(partner, "2026-06-10", june)
        march = cls.company._value_pyramid_recompute("2026-03-01", "2026-03-31")
        march._run_keep_as_baseline("Kick-off")
        # May, when nobody bought, lies between: without the baseline June compares with it (all Inactive).
        cls.company._value_pyramid_recompute("2026-05-01", "2026-05-31")
        cls.company._value_pyramid_recompute("2026-06-01", "2026-06-30")
        new_test_user(cls.env, "value_baseline_sales", password="value_baseline_sales",
                      groups="sales_team.group_sale_salesman", company_id=cls.company.id,
                      company_ids=[cls.company.id])

    def test_baseline_comparison_to_a_cells_customers(self):
        self.start_tour("/odoo/crm", "crm_value_baseline_tour", login="value_baseline_sales")
