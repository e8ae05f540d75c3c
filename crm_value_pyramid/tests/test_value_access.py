import html
import json

from odoo import http
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import MAY_FROM, MAY_TO, ValueCase

MONEY_FIELDS = ("value_revenue", "value_cogs", "value_cost_to_serve", "value_profit")


class ValueAccessCase(ValueCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.buyer = cls.customer("Buyer")
        cls.invoice(cls.buyer, "2026-05-10", 1000)
        cls.driver("Invoicing", "invoice", pool=100)
        cls.value_run = cls.company._value_pyramid_recompute(MAY_FROM, MAY_TO)
        cls.salesman = new_test_user(
            cls.env, "value_sales", groups="sales_team.group_sale_salesman,base.group_allow_export",
            company_id=cls.company.id, company_ids=[cls.company.id],
        )
        cls.manager = new_test_user(
            cls.env, "value_manager", groups="crm_customer_value_base.group_value_manager,base.group_allow_export",
            company_id=cls.company.id, company_ids=[cls.company.id],
        )


@tagged("post_install", "-at_install")
class TestValueAccess(ValueAccessCase):
    """Salespeople see the level, not the money; each company its own data."""

    def test_salesperson_sees_the_level(self):
        partner = self.buyer.with_user(self.salesman)
        self.assertEqual(partner.value_pyramid_level, "top")
        line = self.env["crm.value.line"].with_user(self.salesman).search([("partner_id", "=", self.buyer.id)])
        self.assertEqual(line.level, "top")
        self.assertEqual(self.env["crm.lead"].with_user(self.salesman).new(
            {"partner_id": self.buyer.id}).value_pyramid_level, "top")

    def test_salesperson_filters_and_groups_by_level_not_by_money(self):
        partners = self.env["res.partner"].with_user(self.salesman)
        self.assertEqual(partners.search([("value_pyramid_level", "=", "top")]), self.buyer)
        self.assertEqual(dict(partners._read_group([("id", "=", self.buyer.id)], ["value_pyramid_level"],
                                                   ["__count"])), {"top": 1})
        for field in MONEY_FIELDS:
            with self.assertRaises(AccessError, msg=field):
                partners.search([(field, ">", 0)])
            with self.assertRaises(AccessError, msg=field):
                partners._read_group([], ["value_pyramid_level"], [f"{field}:sum"])
            with self.assertRaises(AccessError, msg=field):
                partners.search([], order=f"{field} desc", limit=1)
            with self.assertRaises(AccessError, msg=field):
                getattr(self.buyer.with_user(self.salesman), field)
        managers = self.env["res.partner"].with_user(self.manager)
        self.assertEqual(managers.search([("value_profit", "=", 900)]), self.buyer)
        self.assertEqual(managers._read_group([("id", "=", self.buyer.id)], [], ["value_profit:sum"]), [(900.0,)])

    def test_salesperson_cannot_read_the_money(self):
        partner = self.buyer.with_user(self.salesman)
        for field in MONEY_FIELDS:
            with self.assertRaises(AccessError, msg=field):
                partner.read([field])
        line = self.env["crm.value.line"].with_user(self.salesman).search([("partner_id", "=", self.buyer.id)])
        with self.assertRaises(AccessError):
            line.read(["profit"])
        with self.assertRaises(AccessError):
            self.value_run.with_user(self.salesman).read(["profit"])
        with self.assertRaises(AccessError):
            self.env["crm.cost.driver"].with_user(self.salesman).search([])
        with self.assertRaises(AccessError):
            self.env["crm.customer.cost"].with_user(self.salesman).search([])
        with self.assertRaises(AccessError):
            self.env["crm.value.line.cost"].with_user(self.salesman).search([])

    def test_salesperson_cannot_export_or_see_the_money_fields(self):
        partner = self.buyer.with_user(self.salesman)
        with self.assertRaises(AccessError):
            partner.export_data(["name", "value_profit"])
        self.assertEqual(partner.export_data(["name", "value_pyramid_level"])["datas"], [["Buyer", "Top"]])
        fields = self.env["res.partner"].with_user(self.salesman).fields_get()
        self.assertIn("value_pyramid_level", fields)
        self.assertFalse(set(MONEY_FIELDS) & set(fields))
        line_fields = self.env["crm.value.line"].with_user(self.salesman).fields_get()
        self.assertNotIn("profit", line_fields)
        self.assertIn("level", line_fields)

    def test_manager_reads_and_exports_the_money(self):
        partner = self.buyer.with_user(self.manager)
        self.assertEqual(partner.value_profit, 900)
        self.assertEqual(partner.export_data(["name", "value_profit"])["datas"], [["Buyer", 900.0]])
        self.assertEqual(self.value_run.with_user(self.manager).driver_ids.allocated_amount, 100)

    def test_companies_are_isolated(self):
        other = self.setup_other_company()["company"]
        self.invoice(self.buyer, "2026-05-12", 50, company=other)
        stranger = self.customer("Other company's customer")
        self.invoice(stranger, "2026-05-12", 70, company=other)
        other_run = other._value_pyramid_recompute(MAY_FROM, MAY_TO)
        self.assertEqual(other_run.line_ids.partner_id, self.buyer | stranger)
        self.assertEqual(sum(other_run.line_ids.mapped("driver_cost")), 0,
                         "the first company's driver is not the other's")
        # Company-dependent values: the buyer's profit is 900 here and 50 there.
        self.assertEqual(self.buyer.value_profit, 900)
        self.assertEqual(self.buyer.with_company(other).value_profit, 50)
        self.assertFalse(self.company._value_pyramid_recompute(MAY_FROM, MAY_TO).line_ids & other_run.line_ids)
        self.assertFalse(self.line_of(self.company.value_current_run_id, stranger))
        # A manager of the first company only does not see the other's runs.
        lines = self.env["crm.value.line"].with_user(self.manager).search([])
        self.assertTrue(lines)
        self.assertFalse(lines & other_run.line_ids)
        self.assertFalse(self.env["crm.value.run"].with_user(self.manager).search([("id", "=", other_run.id)]))
        with self.assertRaises(AccessError):
            other_run.with_user(self.manager).read(["date_to"])


@tagged("post_install", "-at_install")
class TestValueExportRoute(ValueAccessCase, HttpCase):
    """The money fields through the export the web client calls (/web/export/csv)."""

    def export(self, login, field_names):
        self.authenticate(login, login)
        data = {"model": "res.partner", "fields": [{"name": name, "label": name} for name in field_names],
                "ids": self.buyer.ids, "domain": [], "import_compat": False}
        token = http.Request.csrf_token(self)
        return self.url_open("/web/export/csv", data={"data": json.dumps(data), "csrf_token": token})

    def test_salesperson_exports_the_level_but_not_the_money(self):
        self.assertEqual(self.export("value_sales", ["name", "value_pyramid_level"]).text.splitlines()[1:],
                         ['"Buyer","Top"'])
        for field_name in MONEY_FIELDS:
            # The web client shows the refusal from the error the route answers (500 with the exception's name).
            with self.subTest(field=field_name), mute_logger("odoo.addons.web.controllers.export"):
                refused = self.export("value_sales", ["name", field_name])
                self.assertEqual(refused.status_code, 500)
                self.assertIn("odoo.exceptions.AccessError", html.unescape(refused.text))
                self.assertNotIn("Buyer", refused.text)
        self.assertEqual(self.export("value_manager", ["name", "value_profit"]).text.splitlines()[1:],
                         ['"Buyer","900.0"'])
