import io

import openpyxl

from odoo.tests import HttpCase, new_test_user, tagged

from .common import AS_OF, RfmCase


@tagged("post_install", "-at_install")
class TestSegmentExport(RfmCase, HttpCase):
    """The customers of a segment, downloaded as the user who asks."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.big = cls.customer("Big Spender", email="big@example.com")
        cls.small = cls.customer("Small Spender")
        for partner, amount in ((cls.big, 900), (cls.small, 300)):
            for day in ("2026-04-01", "2026-05-01", "2026-06-25"):
                cls.invoice(partner, day, amount)
        for index in range(4):
            cls.invoice(cls.customer(f"Occasional {index}"), f"2025-0{index + 1}-10", 100 + index)
        cls.company._rfm_recompute(as_of=AS_OF)
        for login, groups in (("rfm_export_sales", "sales_team.group_sale_salesman"),
                              ("rfm_export_value", "crm_customer_value_base.group_value_manager")):
            new_test_user(cls.env, login, password=login, groups=groups,
                          company_id=cls.company.id, company_ids=[cls.company.id])

    def download(self, segment, company, login="rfm_export_value"):
        self.authenticate(login, login)
        return self.url_open(f"/crm_rfm/segment/{segment.id}/customers.xlsx?company_id={company.id}")

    def test_workbook_lists_the_segment_customers_richest_first(self):
        segment = self.big.rfm_segment_id
        self.assertEqual(segment, self.small.rfm_segment_id, "both bought three times, recently")
        response = self.download(segment, self.company)
        self.assertEqual(response.status_code, 200)
        self.assertIn(".xlsx", response.headers["Content-Disposition"])
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        rows = list(sheet.iter_rows(values_only=True))
        header = rows[0]
        self.assertEqual((header[0], header[7], header[14]), ("Customer", "RFM", "Monetary"))
        self.assertEqual([row[0] for row in rows[1:]], ["Big Spender", "Small Spender"])
        big = rows[1]
        self.assertEqual(big[1], "big@example.com")
        self.assertEqual(big[7], self.big.rfm_score)
        self.assertEqual((big[12], big[13], big[14]), (5, 3, 2700.0))

    def test_a_salesperson_gets_the_customers_without_their_money(self):
        response = self.download(self.big.rfm_segment_id, self.company, login="rfm_export_sales")
        self.assertEqual(response.status_code, 200)
        rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
        self.assertEqual(rows[0], ("Customer", "Email", "Phone", "Salesperson", "RFM", "R", "F", "M",
                                   "Last Purchase Date", "Recency (days)", "Frequency"))
        # Ordered by the scores, not by the money he may not see: both have the same.
        self.assertEqual(sorted(row[0] for row in rows[1:]), ["Big Spender", "Small Spender"])
        big = next(row for row in rows[1:] if row[0] == "Big Spender")
        self.assertEqual((big[1], big[4], big[10]), ("big@example.com", self.big.rfm_score, 3))

    def test_a_company_the_user_is_not_in_is_not_found(self):
        other = self.setup_other_company()["company"]
        response = self.download(self.big.rfm_segment_id, other)
        self.assertEqual(response.status_code, 404)

    def test_a_forged_segment_id_is_not_found(self):
        missing = self.env["crm.rfm.segment"].browse(999_999)
        self.assertEqual(self.download(missing, self.company).status_code, 404)

    def test_the_export_button_downloads_for_the_current_company(self):
        action = self.big.rfm_segment_id.action_export_customers_xlsx()
        self.assertEqual(action["target"], "download")
        self.assertIn(f"company_id={self.env.company.id}", action["url"])
