"""Value lines and their costs have no foreign keys (crm.run.rows.mixin),
yet export as any Odoo list does: with the ``id`` column that an
import-compatible export needs ("You can not export the column ID…" before
RowMany2one)."""

from odoo.tests import tagged

from odoo.addons.crm_customer_value_base.tests.run_rows import RunRowsCase

from .common import MAY_FROM, MAY_TO, ValueCase


@tagged("post_install", "-at_install")
class TestValueRowsExport(ValueCase, RunRowsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.buyer = cls.customer("Export buyer")
        cls.invoice(cls.buyer, "2026-05-10", 250)
        cls.invoice(cls.buyer, "2026-05-20", 150)
        cls.driver("Invoices", "invoice", rate=4.0)
        cls.value_run = cls.company._value_pyramid_recompute(MAY_FROM, MAY_TO)
        cls.env.user.write({"password": "export-admin"})

    def test_no_foreign_key(self):
        self.assert_no_foreign_key("crm.value.line", "crm.value.line.cost")

    def test_value_line_and_cost_export_with_ids(self):
        line = self.line_of(self.value_run, self.buyer)
        rows = self.export_csv(line, ["id", "partner_id/id", "revenue", "driver_cost"], "export-admin")
        self.assertEqual(rows[0], ["id", "partner_id/id", "revenue", "driver_cost"])
        self.assertEqual(len(rows), 2)
        self.assertTrue(rows[1][0].startswith("__export__.crm_value_line_"), rows[1][0])
        # 2 invoices at 4.0 each.
        self.assertEqual(rows[1][2:], ["400.0", "8.0"])
        # The external ids name the rows for a later import.
        self.assertEqual(self.env.ref(rows[1][0]), line)
        self.assertEqual(self.env.ref(rows[1][1]), self.buyer)
        rows = self.export_csv(line.cost_ids, ["id", "line_id/id", "quantity", "amount"], "export-admin")
        self.assertEqual(self.env.ref(rows[1][0]), line.cost_ids)
        self.assertEqual(rows[1][1:], [rows[1][1], "2.0", "8.0"])
        self.assertEqual(self.env.ref(rows[1][1]), line)
