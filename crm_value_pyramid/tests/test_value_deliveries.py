"""The driver source "Deliveries done", which needs the Inventory app.

Not in tests/__init__.py and not in the main test run: the test database
has no Inventory (installing it changes how every sale order is confirmed).
The test command installs Inventory after the main run and runs this file
alone (tools/test.sh).
"""

from datetime import datetime

from odoo import Command
from odoo.tests import tagged

from .common import MAY_FROM, MAY_TO, ValueCase


@tagged("post_install", "-at_install", "-standard", "value_inventory")
class TestDeliveriesDriver(ValueCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product = cls.env["product.product"].create({"name": "Crate", "type": "consu"})
        cls.warehouse = cls.env["stock.warehouse"].search([("company_id", "=", cls.company.id)], limit=1)
        cls.acme = cls.customer("Acme", is_company=True)
        cls.buyer = cls.customer("Ann Buyer", parent_id=cls.acme.id)
        cls.other = cls.customer("Other customer")

    def transfer(self, partner, picking_type, done_on, validate=True):
        location, destination = (
            (picking_type.default_location_src_id, self.env.ref("stock.stock_location_customers"))
            if picking_type.code == "outgoing"
            else (self.env.ref("stock.stock_location_customers"), picking_type.default_location_dest_id)
        )
        picking = self.env["stock.picking"].create({
            "partner_id": partner.id,
            "picking_type_id": picking_type.id,
            "location_id": location.id,
            "location_dest_id": destination.id,
            "move_ids": [Command.create({
                "name": self.product.name, "product_id": self.product.id, "product_uom_qty": 1,
                "location_id": location.id, "location_dest_id": destination.id,
            })],
        })
        picking.action_confirm()
        if validate:
            picking.move_ids.quantity = 1
            picking.move_ids.picked = True
            picking.button_validate()
            self.assertEqual(picking.state, "done")
            picking.date_done = done_on
        return picking

    def test_deliveries_done_in_the_period_are_counted(self):
        out, receipt = self.warehouse.out_type_id, self.warehouse.in_type_id
        self.transfer(self.acme, out, datetime(2026, 5, 3, 9))
        self.transfer(self.buyer, out, datetime(2026, 5, 31, 23))  # a contact rolls up to its company
        self.transfer(self.acme, out, datetime(2026, 4, 30, 23))  # before the period
        self.transfer(self.acme, receipt, datetime(2026, 5, 12, 9))  # a return, not a delivery
        self.transfer(self.acme, out, None, validate=False)  # waiting, not done
        self.transfer(self.other, out, datetime(2026, 5, 20, 9))
        self.driver("Shipping", "delivery", pool=300)
        run = self.company._value_pyramid_recompute(MAY_FROM, MAY_TO)
        self.assertEqual(run.driver_ids.total_quantity, 3)
        self.assertFalse(self.line_of(run, self.buyer))
        self.assertEqual(self.line_of(run, self.acme).cost_ids.mapped("quantity"), [2])
        self.assertAlmostEqual(self.line_of(run, self.acme).driver_cost, 200)
        self.assertAlmostEqual(self.line_of(run, self.other).driver_cost, 100)
