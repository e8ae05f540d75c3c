"""Run rows (RFM snapshots, CLV scores, value lines and their costs) have no
foreign keys, yet export as any Odoo list does: with the ``id`` column that
an import-compatible export needs ("You can not export the column ID…"
before RowMany2one)."""

import csv
import io
import json

from odoo import http
from odoo.tests import HttpCase, tagged

from odoo.addons.crm_rfm.tests.common import AS_OF

from .common import ValueCase

ROW_TABLES = ("crm_rfm_snapshot", "crm_clv_score", "crm_value_line", "crm_value_line_cost")


@tagged("post_install", "-at_install")
class TestRunRowsExport(ValueCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.buyer = cls.customer("Export buyer")
        cls.invoice(cls.buyer, "2026-05-10", 250)
        cls.invoice(cls.buyer, "2026-06-10", 150)
        cls.rfm_run = cls.company._rfm_recompute(as_of=AS_OF)
        cls.value_run = cls.company._value_pyramid_recompute("2026-05-01", "2026-06-30")
        model = cls.env["crm.clv.model"].sudo().create({
            "company_id": cls.company.id, "as_of_date": AS_OF, "time_unit": "week", "state": "fitted",
        })
        cls.score = cls.env["crm.clv.score"].sudo().create({
            "model_id": model.id, "partner_id": cls.buyer.id, "p_alive": 0.5, "value": 123.45,
        })
        cls.env.user.write({"password": "export-admin"})

    def export_csv(self, records, field_names):
        """The list view's Export, import-compatible: what the browser posts."""
        self.authenticate(self.env.user.login, "export-admin")
        response = self.url_open("/web/export/csv", data={
            "data": json.dumps({
                "model": records._name, "ids": records.ids, "domain": [], "groupby": [], "import_compat": True,
                "fields": [{"name": name, "label": name} for name in field_names],
                "context": {"allowed_company_ids": [self.company.id]},
            }),
            "csrf_token": http.Request.csrf_token(self),
        })
        self.assertEqual(response.status_code, 200, response.text[:500])
        return list(csv.reader(io.StringIO(response.content.decode())))

    def test_the_tables_have_no_foreign_key_and_are_ordinary_tables(self):
        for table in ROW_TABLES:
            self.env.cr.execute(
                "SELECT count(*) FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'f'", [table]
            )
            self.assertEqual(self.env.cr.fetchone()[0], 0, table)
        for model in ("crm.rfm.snapshot", "crm.clv.score", "crm.value.line", "crm.value.line.cost"):
            self.assertTrue(self.env[model]._is_an_ordinary_table(), model)

    def test_snapshot_export_with_ids(self):
        snapshot = self.rfm_run.snapshot_ids.filtered(lambda row: row.partner_id == self.buyer)
        rows = self.export_csv(snapshot, ["id", "partner_id/id", "frequency", "monetary"])
        self.assertEqual(rows[0], ["id", "partner_id/id", "frequency", "monetary"])
        self.assertEqual(len(rows), 2)
        self.assertTrue(rows[1][0].startswith("__export__.crm_rfm_snapshot_"), rows[1][0])
        self.assertEqual(rows[1][2:], ["2", "400.0"])
        # The external id names the row for a later import.
        self.assertEqual(self.env.ref(rows[1][0]), snapshot)
        self.assertEqual(self.env.ref(rows[1][1]), self.buyer)

    def test_value_line_and_clv_score_export_with_ids(self):
        line = self.line_of(self.value_run, self.buyer)
        rows = self.export_csv(line, ["id", "partner_id/id", "revenue"])
        self.assertTrue(rows[1][0].startswith("__export__.crm_value_line_"), rows[1][0])
        self.assertEqual(rows[1][2], "400.0")
        rows = self.export_csv(self.score, ["id", "partner_id/id", "value"])
        self.assertEqual(self.env.ref(rows[1][0]), self.score)
        self.assertEqual(rows[1][2], "123.45")
