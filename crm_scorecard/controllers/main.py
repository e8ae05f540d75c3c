from odoo import http
from odoo.http import content_disposition, request


class ScorecardExport(http.Controller):
    @http.route("/crm_scorecard/export.xlsx", type="http", auth="user", methods=["GET"])
    def export_xlsx(self, date_from, date_to, period_type="month", company_id=None, team_id=None):
        """The scorecard of a company over a range, as an Excel workbook."""
        env = request.env
        company = env["res.company"].browse(int(company_id)) if company_id else env.company
        if company not in env.user.company_ids:
            raise request.not_found()
        team = env["crm.team"].browse(int(team_id)) if team_id else None
        content = env["crm.scorecard.value"].with_company(company)._export_xlsx(
            company, period_type, date_from, date_to, team
        )
        filename = f"scorecard-{company.name}-{date_from}-{date_to}.xlsx"
        return request.make_response(content, headers=[
            ("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            ("Content-Disposition", content_disposition(filename)),
        ])
