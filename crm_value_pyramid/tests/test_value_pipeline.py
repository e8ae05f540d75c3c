"""The customer's pyramid level in the pipeline and on quotations: on the
card, searched, filtered and grouped Top first, for every salesperson."""

from lxml import etree

from odoo import Command
from odoo.tests import new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from .common import MAY_FROM, MAY_TO, ValueCase


@tagged("post_install", "-at_install")
class TestValueInThePipeline(ValueCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write({"value_top_share": 25, "value_big_share": 25, "value_medium_share": 25,
                           "value_small_share": 25})
        # May: Ann 400 Top, Bob 300 Big, Cat 200 Medium, Dan 100 Small; Pia never bought (a prospect).
        cls.customers = {}
        for name, amount in (("Ann", 400), ("Bob", 300), ("Cat", 200), ("Dan", 100)):
            cls.customers[name] = cls.customer(name, is_company=True)
            cls.invoice(cls.customers[name], "2026-05-10", amount)
        cls.bob_contact = cls.customer("Bob's buyer", parent_id=cls.customers["Bob"].id)
        cls.pia = cls.customer("Pia")
        cls.salesman = new_test_user(cls.env, "pipeline_sales", groups="sales_team.group_sale_salesman",
                                     company_id=cls.company.id, company_ids=[cls.company.id])
        Lead = cls.env["crm.lead"]
        cls.leads = Lead.create([
            {"name": "Ann again", "type": "opportunity", "partner_id": cls.customers["Ann"].id,
             "user_id": cls.salesman.id},
            {"name": "Bob's buyer asks", "type": "opportunity", "partner_id": cls.bob_contact.id,
             "user_id": cls.salesman.id},
            {"name": "Dan", "type": "opportunity", "partner_id": cls.customers["Dan"].id,
             "user_id": cls.salesman.id},
            {"name": "Pia's first", "type": "opportunity", "partner_id": cls.pia.id, "user_id": cls.salesman.id},
            {"name": "Nobody yet", "type": "opportunity", "user_id": cls.salesman.id},
        ])
        cls.company._value_pyramid_recompute(MAY_FROM, MAY_TO)

    def test_leads_grouped_by_level_top_first(self):
        Lead = self.env["crm.lead"].with_user(self.salesman)
        groups = Lead._read_group([("id", "in", self.leads.ids)], ["value_pyramid_level"], ["__count"])
        # Bob's contact counts for Bob (Big); Pia has an opportunity and never bought: a prospect.
        self.assertEqual(groups, [("top", 1), ("big", 1), ("small", 1), ("prospect", 1), (False, 1)])
        self.assertEqual(Lead.browse(self.leads[1].id).value_pyramid_level, "big")

    def test_the_pipelines_filter_search_and_card(self):
        Lead = self.env["crm.lead"].with_user(self.salesman)
        search = etree.fromstring(Lead.get_view(self.env.ref("crm.view_crm_case_opportunities_filter").id,
                                                "search")["arch"])
        domain = safe_eval(search.xpath("//filter[@name='value_top_big']")[0].get("domain"))
        self.assertEqual(sorted(Lead.search([("id", "in", self.leads.ids)] + domain).mapped("name")),
                         ["Ann again", "Bob's buyer asks"])
        self.assertTrue(search.xpath("//filter[@name='group_value_pyramid_level']"))
        self.assertEqual(Lead.search([("id", "in", self.leads.ids), ("value_pyramid_level", "=", "small")]).name,
                         "Dan")
        kanban = etree.fromstring(Lead.get_view(view_type="kanban")["arch"])
        [card_field] = kanban.xpath("//field[@name='value_pyramid_level']")
        self.assertEqual(card_field.get("widget"), "badge")

    def test_quotations_grouped_by_level(self):
        product = self.env["product.product"].create({"name": "Widget", "list_price": 10.0, "taxes_id": []})
        orders = self.env["sale.order"].create([
            {"partner_id": partner.id, "order_line": [Command.create({"product_id": product.id, "tax_id": []})]}
            for partner in (self.customers["Cat"], self.bob_contact, self.customers["Ann"], self.customers["Cat"])
        ])
        groups = self.env["sale.order"]._read_group([("id", "in", orders.ids)], ["value_pyramid_level"],
                                                    ["__count"])
        self.assertEqual(groups, [("top", 1), ("big", 1), ("medium", 2)])
        self.assertEqual(orders[1].value_pyramid_level, "big")
