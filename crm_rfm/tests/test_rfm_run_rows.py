"""Run rows have no foreign keys (crm.run.rows.mixin): what the keys did
is done by the code, and checked here on each path."""

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import AS_OF, RfmCase


@tagged("post_install", "-at_install")
class TestRfmRunRows(RfmCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.buyers = [cls.customer(f"Rows buyer {index}") for index in range(4)]
        for index, buyer in enumerate(cls.buyers):
            cls.invoice(buyer, f"2026-0{index + 2}-10", 100 * (index + 1))
        cls.first_run = cls.company._rfm_recompute(as_of=AS_OF.replace(month=5))
        cls.second_run = cls.company._rfm_recompute(as_of=AS_OF)

    def rows_of(self, partner):
        return self.env["crm.rfm.snapshot"].search_count([("partner_id", "=", partner.id)])

    def test_a_deleted_partner_leaves_no_row(self):
        partner = self.customer("Deleted without invoices")
        self.env["crm.rfm.snapshot"].sudo().create({
            "run_id": self.second_run.id, "company_id": self.company.id, "as_of_date": AS_OF,
            "partner_id": partner.id, "monetary": 1.0,
        })
        self.assertEqual(self.rows_of(partner), 1)
        partner.unlink()
        self.env.cr.execute("SELECT count(*) FROM crm_rfm_snapshot WHERE partner_id = %s", [partner.id])
        self.assertEqual(self.env.cr.fetchone()[0], 0)

    def test_a_deleted_run_takes_its_snapshot_along(self):
        kept = len(self.second_run.snapshot_ids)
        first_id = self.first_run.id
        self.first_run.unlink()
        self.env.cr.execute("SELECT count(*) FROM crm_rfm_snapshot WHERE run_id = %s", [first_id])
        self.assertEqual(self.env.cr.fetchone()[0], 0)
        self.assertEqual(len(self.second_run.snapshot_ids), kept)

    def test_a_segment_of_the_history_cannot_be_deleted(self):
        segment = self.second_run.snapshot_ids[0].segment_id
        with self.assertRaises(UserError) as caught:
            segment.unlink()
        self.assertIn("Archive it instead", str(caught.exception))
        self.assertTrue(segment.exists())
        unused = self.env["crm.rfm.segment"].create({
            "name": "Never used", "sequence": 999, "r_min": 1, "r_max": 1, "f_min": 1, "f_max": 1,
        })
        unused.unlink()
        self.assertFalse(unused.exists())
