from collections import defaultdict

from odoo import models
from odoo.tools import SQL

from ..lib import scorecard


class CrmScorecardProviderValue(models.AbstractModel):
    """Value-pyramid KPIs: revenue share of the Top and Big customers, profit after cost to serve,
    cost to serve as a share of revenue."""

    _name = "crm.scorecard.provider.value"
    _inherit = ["crm.scorecard.provider"]
    _description = "Scorecard KPIs: value pyramid"

    _provider_codes = ("top_big_revenue_share", "profit_after_cost_to_serve", "cost_to_serve_pct")

    def _provider_compute(self, company, periods, by_team):
        """From the latest value-pyramid run ending in each period; a team's share from its customers' lines."""
        Run = self.env["crm.value.run"]
        run_periods = defaultdict(list)
        for idx, run_id in Run._run_last_in_periods(company, periods).items():
            run_periods[run_id].append(idx)
        if not run_periods:
            return
        cr = self.env.cr
        cr.execute(SQL(
            """
            SELECT l.run_id, grouping(line_team.team_id) = 0, line_team.team_id,
                   sum(l.revenue) FILTER (WHERE l.level IN ('top', 'big')), sum(l.revenue),
                   sum(l.profit), sum(l.cost_to_serve)
              FROM (%(lines)s) l
              LEFT JOIN crm_scorecard_customer c ON c.partner_id = l.partner_id
              -- Customers' teams are known; only prospects (never bought) are looked up.
              CROSS JOIN LATERAL (
                    SELECT CASE WHEN c.partner_id IS NOT NULL THEN c.team_id
                                ELSE (SELECT salesperson.sale_team_id FROM res_partner rp
                                        JOIN res_users salesperson ON salesperson.id = rp.user_id
                                       WHERE rp.id = l.partner_id) END AS team_id
                   ) line_team
             GROUP BY GROUPING SETS ((l.run_id), (l.run_id, line_team.team_id))
            """,
            lines=Run._lines_sql(run_periods),
        ))
        for (run_id, team_id), (top_big, revenue, profit, cost_to_serve) in self._by_team(
                cr.fetchall(), by_team).items():
            for idx in run_periods[run_id]:
                values = by_team[team_id]
                values["top_big_revenue_share"][idx] = scorecard.ratio_pct(
                    float(top_big or 0.0), float(revenue or 0.0))
                values["profit_after_cost_to_serve"][idx] = float(profit or 0.0)
                values["cost_to_serve_pct"][idx] = scorecard.ratio_pct(
                    float(cost_to_serve or 0.0), float(revenue or 0.0))
