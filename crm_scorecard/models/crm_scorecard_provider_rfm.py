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
        Run = self.env["crm.rfm.run"]
        at_risk = self.env.ref("crm_rfm.segment_at_risk", raise_if_not_found=False) or self.env["crm.rfm.segment"]
        runs = Run._run_last_in_periods(company, periods)  # {period index: run id}
        if runs:
            cr.execute(SQL(
                """
                SELECT latest.idx, grouping(c.team_id) = 0, c.team_id, count(*)
                  FROM unnest(%(idx)s::int[], %(runs)s::int[]) AS latest(idx, run_id)
                  JOIN (%(members)s) s ON s.run_id = latest.run_id
                  LEFT JOIN crm_scorecard_customer c ON c.partner_id = s.partner_id
                 GROUP BY GROUPING SETS ((latest.idx), (latest.idx, c.team_id))
                """,
                idx=list(runs), runs=list(runs.values()), members=Run._segment_members_sql(runs.values(), at_risk),
            ))
            at_risk_counts = self._by_team(cr.fetchall(), by_team)
            # A run in the period: a team (or the company) without at-risk customers has 0.
            for (team_id, values), idx in product(by_team.items(), runs):
                values["at_risk_customers"][idx] = at_risk_counts.get((idx, team_id), [0])[0]
        # The CLV is only kept as the current value of each customer: it
        # describes the period that contains today, and no past one.
        today = fields.Date.context_today(self)
        current = [idx for idx, (start, end) in enumerate(periods) if start <= today <= end]
        if current:
            cr.execute(SQL(
                """
                SELECT 0, grouping(c.team_id) = 0, c.team_id, avg(score.value)
                  FROM (%(scores)s) score JOIN crm_scorecard_customer c ON c.partner_id = score.partner_id
                 GROUP BY GROUPING SETS ((), (c.team_id))
                """,
                scores=company.clv_current_model_id._scores_sql(),
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
