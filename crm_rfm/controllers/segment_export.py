"""Download the customers of one RFM segment as an Excel workbook."""

import io

import xlsxwriter
from werkzeug.exceptions import NotFound

from odoo import http
from odoo.exceptions import AccessError
from odoo.http import content_disposition, request

# Snapshot columns, then the partner's CLV columns, in the workbook's order.
SNAPSHOT_COLUMNS = ("partner_id", "rfm_score", "r_score", "f_score", "m_score", "last_purchase_date",
                    "recency_days", "frequency", "monetary")
PARTNER_COLUMNS = ("email", "phone", "user_id", "clv_p_alive", "clv_expected_purchases", "clv_value")


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
        snapshots = env["crm.rfm.snapshot"].with_company(company).search_fetch(
            [("run_id", "=", company.rfm_current_run_id.id), ("segment_id", "=", segment.id)],
            SNAPSHOT_COLUMNS, order="monetary desc, id",
        )
        content = self._workbook(segment, snapshots, company)
        filename = env._("%(segment)s customers.xlsx", segment=segment.name)
        return request.make_response(content, headers=[
            ("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            ("Content-Disposition", content_disposition(filename)),
        ])

    def _workbook(self, segment, snapshots, company):
        env = segment.env
        partner_fields = env["res.partner"]._fields
        snapshot_fields = env["crm.rfm.snapshot"]._fields
        headers = [snapshot_fields[name].get_description(env)["string"] for name in SNAPSHOT_COLUMNS]
        headers[1:1] = [partner_fields[name].get_description(env)["string"] for name in PARTNER_COLUMNS]
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {"in_memory": True})
        sheet = workbook.add_worksheet(segment.name[:31])
        bold = workbook.add_format({"bold": True})
        money = workbook.add_format({"num_format": "#,##0.00"})
        percent = workbook.add_format({"num_format": "0.0%"})
        day = workbook.add_format({"num_format": "yyyy-mm-dd"})
        sheet.write_row(0, 0, headers, bold)
        sheet.freeze_panes(1, 1)
        # The CLV fields are company-dependent: read them in the run's company.
        partners = snapshots.partner_id.with_company(company)
        partners.fetch(PARTNER_COLUMNS)
        for row, snap in enumerate(snapshots, start=1):
            partner = snap.partner_id.with_company(company)
            sheet.write_string(row, 0, partner.display_name or "")
            sheet.write_string(row, 1, partner.email or "")
            sheet.write_string(row, 2, partner.phone or "")
            sheet.write_string(row, 3, partner.user_id.name or "")
            sheet.write_number(row, 4, partner.clv_p_alive, percent)
            sheet.write_number(row, 5, partner.clv_expected_purchases, money)
            sheet.write_number(row, 6, partner.clv_value, money)
            sheet.write_string(row, 7, snap.rfm_score or "")
            sheet.write_row(row, 8, [snap.r_score, snap.f_score, snap.m_score])
            if snap.last_purchase_date:
                sheet.write_datetime(row, 11, snap.last_purchase_date, day)
            sheet.write_row(row, 12, [snap.recency_days, snap.frequency])
            sheet.write_number(row, 14, snap.monetary, money)
        sheet.set_column(0, 0, 32)
        sheet.set_column(1, 3, 22)
        sheet.set_column(4, 14, 12)
        workbook.close()
        return output.getvalue()
