import io
from datetime import date
from urllib.parse import urlencode

import openpyxl

from odoo.tests import HttpCase, tagged

from .common import ScorecardCase


@tagged("post_install", "-at_install")
class TestScorecardXlsx(ScorecardCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.invoice(cls.customer("X1"), "2026-01-10", 100)
        cls.invoice(cls.customer("X2"), "2026-02-10", 300)
        cls.company._scorecard_compute(date(2026, 1, 1), date(2026, 3, 31))
        cls.env["crm.scorecard.target"].create({
            "kpi_id": cls.env.ref("crm_scorecard.kpi_net_revenue").id, "date_from": date(2026, 1, 1),
            "date_to": date(2026, 3, 31), "target": 250,
        })

    def test_workbook_has_a_sheet_per_perspective_values_colours_and_charts(self):
        self.authenticate(self.env.user.login, self.env.user.login)
        response = self.url_open(
            f"/crm_scorecard/export.xlsx?date_from=2026-01-01&date_to=2026-03-31&period_type=month"
            f"&company_id={self.company.id}"
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("spreadsheetml", response.headers["Content-Type"])
        workbook = openpyxl.load_workbook(io.BytesIO(response.content))
        self.assertEqual(workbook.sheetnames,
                         ["Financial", "Customer", "Internal process", "Learning and growth"])
        sheet = workbook["Financial"]
        self.assertEqual([sheet.cell(3, col).value for col in (4, 5, 6)], ["2026-01-01", "2026-02-01", "2026-03-01"])
        rows = {sheet.cell(row, 1).value: row for row in range(4, sheet.max_row + 1) if sheet.cell(row, 1).value}
        revenue_row = rows["Net revenue"]
        self.assertEqual([sheet.cell(revenue_row, col).value for col in (4, 5, 6)], [100, 300, 0])
        self.assertEqual(sheet.cell(revenue_row, 4).number_format, "#,##0.00")
        # Profit has no data without a value-pyramid run: blank, not 0.
        self.assertIsNone(sheet.cell(rows["Profit after cost to serve"], 4).value)
        # January is 60 % under the target of 250: red; February green.
        colours = {}
        for ranges, rules in sheet.conditional_formatting._cf_rules.items():
            for rule in rules:
                colours[str(ranges.sqref)] = rule.dxf.fill.bgColor.rgb
        self.assertTrue(colours[f"D{revenue_row}"].endswith("FFC7CE"))
        self.assertTrue(colours[f"E{revenue_row}"].endswith("C6EFCE"))
        # One native line chart per KPI of the sheet.
        financial_kpis = self.env["crm.scorecard.kpi"].search_count([("perspective", "=", "financial")])
        self.assertEqual(len(sheet._charts), financial_kpis)
        self.assertEqual(sheet._charts[0].tagname, "lineChart")

    def test_other_company_is_refused(self):
        other = self.setup_other_company()["company"]
        self.authenticate(self.env.user.login, self.env.user.login)
        self.env.user.company_ids -= other
        response = self.url_open(
            f"/crm_scorecard/export.xlsx?date_from=2026-01-01&date_to=2026-03-31&company_id={other.id}"
        )
        self.assertEqual(response.status_code, 404)

    def test_malformed_parameters_are_refused_with_a_clear_message(self):
        self.authenticate(self.env.user.login, self.env.user.login)
        valid = {"date_from": "2026-01-01", "date_to": "2026-03-31", "period_type": "month",
                 "company_id": str(self.company.id)}
        ids = "must be given by their numeric id"
        dates = "needs a start and an end date written YYYY-MM-DD"
        for changed, message in (
            ({"company_id": "abc"}, ids),
            ({"company_id": "1 OR 1=1"}, ids),
            ({"team_id": "sales"}, ids),
            ({"date_from": "yesterday"}, dates),
            ({"date_to": "2026-02-30"}, dates),
            ({"date_from": ""}, dates),
            ({"period_type": "week"}, "must be month, quarter or year"),
        ):
            with self.subTest(**changed):
                response = self.url_open(f"/crm_scorecard/export.xlsx?{urlencode({**valid, **changed})}")
                self.assertEqual(response.status_code, 400)
                self.assertIn(message, response.text)
        # Without any date at all, the same clear refusal rather than a missing argument.
        response = self.url_open(f"/crm_scorecard/export.xlsx?company_id={self.company.id}")
        self.assertEqual((response.status_code, dates in response.text), (400, True))
        # The valid parameters still give the workbook.
        response = self.url_open(f"/crm_scorecard/export.xlsx?{urlencode(valid)}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("spreadsheetml", response.headers["Content-Type"])
