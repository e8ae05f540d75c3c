"""Download the customers of one RFM segment as an Excel workbook."""

import io

import xlsxwriter
from werkzeug.exceptions import NotFound

from odoo import http
from odoo.exceptions import AccessError
from odoo.http import content_disposition, request

# The workbook's columns: (model, field) in order. A user gets those of
# them he may read: the money (monetary value, CLV) only a Customer Value
# Manager (crm_customer_value_base/tools/access.py).
COLUMNS = (
    ("crm.rfm.snapshot", "partner_id"),
    ("res.partner", "email"),
    ("res.partner", "phone"),
    ("res.partner", "user_id"),
    ("res.partner", "clv_p_alive"),
    ("res.partner", "clv_expected_purchases"),
    ("res.partner", "clv_value"),
    ("crm.rfm.snapshot", "rfm_score"),
    ("crm.rfm.snapshot", "r_score"),
    ("crm.rfm.snapshot", "f_score"),
    ("crm.rfm.snapshot", "m_score"),
    ("crm.rfm.snapshot", "last_purchase_date"),
    ("crm.rfm.snapshot", "recency_days"),
    ("crm.rfm.snapshot", "frequency"),
    ("crm.rfm.snapshot", "monetary"),
)
# Richest first for those who may see the money, else by the M score.
ORDER = "monetary desc, id"
ORDER_WITHOUT_MONEY = "m_score desc, f_score desc, r_score desc, id"


class RfmSegmentExport(http.Controller):

    @http.route("/crm_rfm/segment/<int:segment_id>/customers.xlsx", type="http", auth="user")
    def segment_customers_xlsx(self, segment_id, company_id=None):
        """The customers the segment holds in the current run of ``company_id``.

        Everything is read as the requesting user, so access rights and the
        company record rules decide what the workbook may contain.
        """
        env = request.env
        try:
            company = env.user.company_ids.filtered(lambda c: c.id == int(company_id or env.company.id))
            segment = env["crm.rfm.segment"].with_company(company).browse(segment_id).exists()
            segment.check_access("read")
        except (AccessError, ValueError):
            raise NotFound() from None
        if not (company and segment):
            raise NotFound()
        snapshots = env["crm.rfm.snapshot"].with_company(company)
        columns = [(model, name) for model, name in COLUMNS if env[model]._fields[name].is_accessible(env)]
        snapshots = snapshots.search_fetch(
            [("run_id", "=", company.rfm_current_run_id.id), ("segment_id", "=", segment.id)],
            [name for model, name in columns if model == "crm.rfm.snapshot"],
            order=ORDER if snapshots._fields["monetary"].is_accessible(env) else ORDER_WITHOUT_MONEY,
        )
        content = self._workbook(segment, snapshots, company, columns)
        filename = env._("%(segment)s customers.xlsx", segment=segment.name)
        return request.make_response(content, headers=[
            ("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            ("Content-Disposition", content_disposition(filename)),
        ])

    def _workbook(self, segment, snapshots, company, columns):
        env = segment.env
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {"in_memory": True})
        sheet = workbook.add_worksheet(segment.name[:31])
        formats = {
            "money": workbook.add_format({"num_format": "#,##0.00"}),
            "percent": workbook.add_format({"num_format": "0.0%"}),
            "date": workbook.add_format({"num_format": "yyyy-mm-dd"}),
        }
        sheet.write_row(0, 0, [env[model]._fields[name].get_description(env)["string"] for model, name in columns],
                        workbook.add_format({"bold": True}))
        sheet.freeze_panes(1, 1)
        # The CLV fields are company-dependent: read them in the run's company.
        partners = snapshots.partner_id.with_company(company)
        partners.fetch([name for model, name in columns if model == "res.partner"])
        for row, snap in enumerate(snapshots, start=1):
            records = {"crm.rfm.snapshot": snap, "res.partner": snap.partner_id.with_company(company)}
            for col, (model, name) in enumerate(columns):
                self._write_cell(sheet, row, col, records[model], name, formats)
        sheet.set_column(0, 0, 32)
        sheet.set_column(1, len(columns) - 1, 14)
        workbook.close()
        return output.getvalue()

    def _write_cell(self, sheet, row, col, record, name, formats):
        field = record._fields[name]
        value = record[name]
        if field.type == "many2one":
            sheet.write_string(row, col, value.display_name or "")
        elif field.type == "date":
            if value:
                sheet.write_datetime(row, col, value, formats["date"])
        elif field.type == "float":
            sheet.write_number(row, col, value, formats["percent" if name == "clv_p_alive" else "money"])
        elif field.type == "integer":
            sheet.write_number(row, col, value)
        else:
            sheet.write_string(row, col, value or "")
