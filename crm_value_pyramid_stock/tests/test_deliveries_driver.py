"""The driver source "Deliveries done", and what becomes of its drivers when Inventory goes.

Not in the main test run: its database has no Inventory (installing it
changes how every sale order is confirmed). The test command installs
Inventory, which brings this addon, after the main run and runs these tests
alone (tools/test.sh).
"""

from datetime import datetime

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from odoo.addons.crm_value_pyramid.models.crm_cost_driver import REMOVED_SOURCE
from odoo.addons.crm_value_pyramid.tests.common import MAY_FROM, MAY_TO, ValueCase


@tagged("post_install", "-at_install")
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

    def test_uninstalling_inventory_archives_the_drivers_and_keeps_the_runs(self):
        """The policy applied when this addon goes (with Inventory) and its
        selection value with it: Odoo calls the field's ondelete for the
        records that hold the value."""
        self.transfer(self.acme, self.warehouse.out_type_id, datetime(2026, 5, 3, 9))
        shipping = self.driver("Shipping", "delivery", rate=7)
        orders = self.driver("Orders", "sale_order", rate=1)
        run = self.company._value_pyramid_recompute(MAY_FROM, MAY_TO)
        before = self.line_of(run, self.acme).driver_cost
        self.assertEqual(before, 7)
        removed_values = self.env["ir.model.fields.selection"].search([
            ("field_id.model", "in", ["crm.cost.driver", "crm.value.run.driver"]),
            ("field_id.name", "=", "source"), ("value", "=", "delivery"),
        ])
        self.assertEqual(len(removed_values), 2)
        removed_values._process_ondelete()

        shipping.invalidate_recordset()
        self.assertFalse(shipping.active)
        self.assertEqual(shipping.source, REMOVED_SOURCE)
        self.assertTrue(orders.active, "the other drivers are left alone")
        self.assertEqual(orders.source, "sale_order")
        # The run that used it keeps what it allocated, under the removed source.
        run.invalidate_recordset()
        used = run.driver_ids.filtered(lambda run_driver: run_driver.driver_id == shipping)
        self.assertEqual(used.source, REMOVED_SOURCE)
        self.assertEqual(used.allocated_amount, 7)
        self.assertEqual(self.line_of(run, self.acme).driver_cost, before)
        # Reactivating it without choosing another source is refused, and changes nothing.
        with self.assertRaisesRegex(ValidationError, "counted a source of an app that was uninstalled"):
            with self.env.cr.savepoint():
                shipping.active = True
        shipping.invalidate_recordset()
        self.assertFalse(shipping.active)
        shipping.write({"active": True, "source": "order_line"})
        self.assertTrue(shipping.active)
