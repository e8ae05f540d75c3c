from datetime import date

from odoo.tests import HttpCase, tagged

from datagen import generate


@tagged("post_install", "-at_install")
class TestGeneratedDataInTheWebClient(HttpCase):
    def test_salesperson_follows_generated_order_to_its_invoice(self):
        generate(self.env, customers=40, seed=3, date_to=date(2026, 6, 30), companies=1)
        order = self.env["sale.order"].search(
            [("invoice_status", "=", "invoiced"), ("partner_id.commercial_partner_id.is_company", "=", False)],
            limit=1,
        )
        customer = order.partner_id.commercial_partner_id
        # One known name, one confirmed order: what the tour searches for.
        customer.name = "Tour Customer Ltd"
        other_orders = self.env["sale.order"].search(
            [("partner_id", "child_of", customer.id), ("id", "!=", order.id)]
        )
        other_orders.partner_id = self.env.ref("base.partner_admin")
        self.start_tour("/odoo/action-sale.action_orders", "crm_rfm_generated_order_tour", login="admin")
