"""RFM snapshots and CLV scores have no foreign keys (crm.run.rows.mixin),
yet export as any Odoo list does: with the ``id`` column that an
import-compatible export needs ("You can not export the column ID…" before
RowMany2one)."""

from odoo.tests import tagged

from odoo.addons.crm_customer_value_base.tests.run_rows import RunRowsCase

from .common import AS_OF, RfmCase


@tagged("post_install", "-at_install")
class TestRfmRowsExport(RfmCase, RunRowsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.buyer = cls.customer("Export buyer")
        cls.invoice(cls.buyer, "2026-05-10", 250)
        cls.invoice(cls.buyer, "2026-06-10", 150)
        cls.rfm_run = cls.company._rfm_recompute(as_of=AS_OF)
        model = cls.env["crm.clv.model"].sudo().create({
            "company_id": cls.company.id, "as_of_date": AS_OF, "time_unit": "week", "state": "fitted",
        })
        cls.score = cls.env["crm.clv.score"].sudo().create({
            "model_id": model.id, "partner_id": cls.buyer.id, "p_alive": 0.5, "value": 123.45,
        })
        cls.env.user.write({"password": "export-admin"})

    def test_no_foreign_key(self):
        self.assert_no_foreign_key("crm.rfm.snapshot", "crm.clv.score")

    def test_snapshot_export_with_ids(self):
        snapshot = self.snapshot_of(self.rfm_run, self.buyer)
        rows = self.export_csv(snapshot, ["id", "partner_id/id", "frequency", "monetary"], "export-admin")
        self.assertEqual(rows[0], ["id", "partner_id/id", "frequency", "monetary"])
        self.assertEqual(len(rows), 2)
        self.assertTrue(rows[1][0].startswith("__export__.crm_rfm_snapshot_"), rows[1][0])
        self.assertEqual(rows[1][2:], ["2", "400.0"])
        self.assertEqual(self.env.ref(rows[1][0]), snapshot)
        self.assertEqual(self.env.ref(rows[1][1]), self.buyer)

    def test_clv_score_export_with_ids(self):
        rows = self.export_csv(self.score, ["id", "partner_id/id", "value"], "export-admin")
        self.assertEqual(self.env.ref(rows[1][0]), self.score)
        self.assertEqual(rows[1][1:], [rows[1][1], "123.45"])
        self.assertEqual(self.env.ref(rows[1][1]), self.buyer)
