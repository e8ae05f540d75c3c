from itertools import product

from dateutil.relativedelta import relativedelta

from odoo import fields, models
from odoo.tools import SQL


class CrmScorecardProviderAttention(models.AbstractModel):
    """Attention KPIs: first response time to new leads, overdue activities on customers."""

    _name = "crm.scorecard.provider.attention"
    _inherit = ["crm.scorecard.provider"]
    _description = "Scorecard KPIs: attention"

    _provider_codes = ("first_response_hours", "overdue_activities")

    def _provider_compute(self, company, periods, by_team):
        cr = self.env.cr
        comment = self.env.ref("mail.mt_comment")
        # First response: the first message sent (not a note) on the lead by
        # an internal user after its creation; unanswered leads do not count.
        # A lead belongs to its own sales team.
        cr.execute(SQL(
            """
            SELECT p.idx, grouping(lead.team_id) = 0, lead.team_id, percentile_cont(0.5) WITHIN GROUP (
                       ORDER BY extract(epoch FROM first_reply.date - lead.create_date) / 3600.0)
              FROM %(periods)s
              JOIN crm_lead lead ON lead.company_id = %(company)s
               AND lead.create_date >= p.date_from AND lead.create_date < p.date_to + 1
              JOIN LATERAL (
                    SELECT min(m.date) AS date FROM mail_message m
                      JOIN res_users u ON u.partner_id = m.author_id AND NOT u.share
                     WHERE m.model = 'crm.lead' AND m.res_id = lead.id AND m.subtype_id = %(comment)s
                       AND m.message_type IN ('comment', 'email') AND m.date >= lead.create_date
                   ) first_reply ON first_reply.date IS NOT NULL
             GROUP BY GROUPING SETS ((p.idx), (p.idx, lead.team_id))
            """,
            periods=self._day_periods(periods), company=company.id, comment=comment.id,
        ))
        for (idx, team_id), (hours,) in self._by_team(cr.fetchall(), by_team).items():
            by_team[team_id]["first_response_hours"][idx] = float(hours)
        # Done activities leave no open record behind: this counts the
        # activities still open today that were already overdue at the end of
        # the period (exact for the current period, a lower bound before).
        today = fields.Date.context_today(self)
        cr.execute(SQL(
            """
            SELECT p.idx, grouping(c.team_id) = 0, c.team_id, count(a.id)
              FROM %(periods)s
              LEFT JOIN (mail_activity a JOIN crm_scorecard_customer c ON c.partner_id = a.res_id)
                ON a.res_model = 'res.partner' AND a.date_deadline < least(p.date_to, %(today)s::date)
             WHERE p.date_from <= %(today)s
             GROUP BY GROUPING SETS ((p.idx), (p.idx, c.team_id))
            """,
            periods=self._day_periods(periods), today=today,
        ))
        overdue = self._by_team(cr.fetchall(), by_team)
        for (team_id, values), idx in product(by_team.items(), range(len(periods))):
            if (idx, None) in overdue:  # a period already begun: a team without overdue activities has 0
                values["overdue_activities"][idx] = overdue.get((idx, team_id), [0])[0]


    def _provider_open_records(self, value):
        company, start, end = value.company_id, value.period_start, value.period_end
        if value.kpi_id.code == "first_response_hours":
            return {
                "type": "ir.actions.act_window",
                "name": self.env._("New leads %(start)s – %(end)s", start=start, end=end),
                "res_model": "crm.lead", "views": [[False, "list"], [False, "form"]],
                "domain": [("company_id", "=", company.id), ("create_date", ">=", start),
                           ("create_date", "<", end + relativedelta(days=1)),
                           *([("team_id", "=", value.team_id.id)] if value.team_id else [])],
                "context": {"active_test": False},
            }
        customers = self.env["crm.scorecard.provider.customers"]._customer_ids(company, end)
        return {
            "type": "ir.actions.act_window", "name": self.env._("Overdue activities on customers"),
            "res_model": "mail.activity", "views": [[False, "list"], [False, "form"]],
            "domain": [("res_model", "=", "res.partner"), ("date_deadline", "<", min(end, fields.Date.today())),
                       ("res_id", "in", value._team_customer_ids(customers))],
        }
