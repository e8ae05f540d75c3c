from werkzeug.exceptions import BadRequest

from odoo import fields, http
from odoo.http import content_disposition, request

PERIOD_TYPES = ("month", "quarter", "year")


class ScorecardExport(http.Controller):
    @http.route("/crm_scorecard/export.xlsx", type="http", auth="user", methods=["GET"])
    def export_xlsx(self, date_from=None, date_to=None, period_type="month", company_id=None, team_id=None):
        """The scorecard of a company over a range, as an Excel workbook."""
        env = request.env
        # The parameters come from a URL anyone can edit: a malformed one is
        # the caller's mistake (400), not a server error.
        try:
            company_id = int(company_id) if company_id else env.company.id
            team_id = int(team_id) if team_id else None
        except ValueError:
            raise BadRequest(env._(
                "The company and the sales team of the scorecard export must be given by their numeric id."
            )) from None
        try:
            date_from, date_to = fields.Date.to_date(date_from), fields.Date.to_date(date_to)
        except ValueError:
            date_from = date_to = None
        if not (date_from and date_to):
            raise BadRequest(env._("The scorecard export needs a start and an end date written YYYY-MM-DD."))
        if period_type not in PERIOD_TYPES:
            raise BadRequest(env._("The period of the scorecard export must be month, quarter or year."))
        company = env["res.company"].browse(company_id)
        if company not in env.user.company_ids:
            raise request.not_found()
        team = env["crm.team"].browse(team_id) if team_id else None
        content = env["crm.scorecard.value"].with_company(company)._export_xlsx(
            company, period_type, date_from, date_to, team
        )
        filename = f"scorecard-{company.name}-{date_from}-{date_to}.xlsx"
        return request.make_response(content, headers=[
            ("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            ("Content-Disposition", content_disposition(filename)),
        ])
