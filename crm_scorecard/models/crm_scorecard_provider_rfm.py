from itertools import product

from odoo import fields, models
from odoo.tools import SQL


class CrmScorecardProviderRfm(models.AbstractModel):
    """RFM and CLV KPIs: customers in the At Risk segment, average customer lifetime value."""

    _name = "crm.scorecard.provider.rfm"
    _inherit = ["crm.scorecard.provider"]
    _description = "Scorecard KPIs: RFM and CLV"

    _provider_codes = ("at_risk_customers", "average_clv")

    def _provider_compute(self, company, periods, by_team):
        cr = self.env.cr
        at_risk = self.env.ref("crm_rfm.segment_at_risk", raise_if_not_found=False)
        cr.execute(SQL(
            """
            WITH latest AS (
                SELECT DISTINCT ON (p.idx) p.idx, r.id AS run_id
                  FROM %(periods)s
                  JOIN crm_rfm_run r ON r.company_id = %(company)s AND r.as_of_date BETWEEN p.date_from AND p.date_to
                 ORDER BY p.idx, r.as_of_date DESC, r.id DESC
            )
            SELECT latest.idx, grouping(c.team_id) = 0, c.team_id, count(s.id)
              FROM latest
              LEFT JOIN crm_rfm_snapshot s ON s.run_id = latest.run_id AND s.segment_id = %(at_risk)s
              LEFT JOIN crm_scorecard_customer c ON c.partner_id = s.partner_id
             GROUP BY GROUPING SETS ((latest.idx), (latest.idx, c.team_id))
            """,
            periods=self._day_periods(periods), company=company.id, at_risk=at_risk.id if at_risk else None,
        ))
        runs = self._by_team(cr.fetchall(), by_team)
        for (team_id, values), idx in product(by_team.items(), range(len(periods))):
            if (idx, None) in runs:  # a run in the period: a team without at-risk customers has 0
                values["at_risk_customers"][idx] = runs.get((idx, team_id), [0])[0]
        # The CLV is only kept as the current value of each customer: it
        # describes the period that contains today, and no past one.
        today = fields.Date.context_today(self)
        current = [idx for idx, (start, end) in enumerate(periods) if start <= today <= end]
        if current:
            cr.execute(SQL(
                """
                SELECT 0, grouping(c.team_id) = 0, c.team_id, avg(score.value)
                  FROM crm_clv_score score JOIN crm_scorecard_customer c ON c.partner_id = score.partner_id
                 WHERE score.model_id = %(model)s
                 GROUP BY GROUPING SETS ((), (c.team_id))
                """,
                model=company.clv_current_model_id.id or None,
            ))
            for (_zero, team_id), (average,) in self._by_team(cr.fetchall(), by_team).items():
                if average is not None:
                    by_team[team_id]["average_clv"][current[0]] = float(average)


    def _provider_open_records(self, value):
        if value.kpi_id.code != "at_risk_customers":
            return super()._provider_open_records(value)
        at_risk = self.env.ref("crm_rfm.segment_at_risk")
        return {
            "type": "ir.actions.act_window", "name": self.env._("Customers at risk"),
            "res_model": "crm.rfm.snapshot", "views": [[False, "list"]],
            "domain": [("company_id", "=", value.company_id.id), ("segment_id", "=", at_risk.id),
                       ("as_of_date", ">=", value.period_start), ("as_of_date", "<=", value.period_end),
                       *([("partner_id.user_id.sale_team_id", "=", value.team_id.id)] if value.team_id else [])],
        }
