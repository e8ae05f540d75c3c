from collections import defaultdict
from itertools import product

from dateutil.relativedelta import relativedelta

from odoo import models
from odoo.tools import SQL

from odoo.addons.crm_satisfaction_survey.lib import satisfaction

from ..lib import scorecard


class CrmScorecardProviderSatisfaction(models.AbstractModel):
    """NPS, CSAT, CES, response rate and detractor follow-up, by the satisfaction rules of
    crm_satisfaction_survey (lib/satisfaction.py)."""

    _name = "crm.scorecard.provider.satisfaction"
    _inherit = ["crm.scorecard.provider"]
    _description = "Scorecard KPIs: satisfaction"

    _provider_codes = ("nps", "csat", "ces", "survey_response_rate", "detractors_followed_up")

    def _provider_compute(self, company, periods, by_team):
        """NPS, CSAT, CES of answers completed in the period, response rate, detractor follow-up."""
        cr = self.env.cr
        # Answers of the company's customers: c is the customer (commercial
        # partner) who answered, whoever of his contacts filled the survey in.
        # Only this company's answers count (the satisfaction rules' owner):
        # a customer shared with another company answers its campaigns too.
        answers = SQL(
            """
              JOIN res_partner rp ON rp.id = ui.partner_id
              JOIN crm_scorecard_customer c ON c.partner_id = rp.commercial_partner_id
              JOIN res_partner customer ON customer.id = rp.commercial_partner_id AND %s
            """,
            satisfaction.answer_in_company_sql("ui", "customer", company.id),
        )
        cr.execute(SQL(
            """
            SELECT p.idx, grouping(c.team_id) = 0, c.team_id, q.satisfaction_metric, l.value_scale, count(*)
              FROM %(periods)s
              JOIN survey_user_input ui ON ui.end_datetime >= p.date_from AND ui.end_datetime < p.date_to + 1
              %(answers)s
              JOIN survey_user_input_line l ON l.user_input_id = ui.id
              JOIN survey_question q ON q.id = l.question_id
             WHERE %(scored)s
             GROUP BY GROUPING SETS ((p.idx, q.satisfaction_metric, l.value_scale),
                                    (p.idx, c.team_id, q.satisfaction_metric, l.value_scale))
            """,
            periods=self._day_periods(periods), answers=answers,
            scored=satisfaction.scored_line_sql("ui", "l", "q"),
        ))
        scores = defaultdict(list)
        for idx, grouped, team_id, metric, score, count in cr.fetchall():
            for key, _rest in self._by_team([(idx, grouped, team_id)], by_team).items():
                scores[key, metric].extend([score] * count)
        cr.execute(SQL(
            """
            SELECT p.idx, grouping(c.team_id) = 0, c.team_id, count(*), count(*) FILTER (WHERE ui.state = 'done')
              FROM %(periods)s
              JOIN survey_user_input ui ON ui.create_date >= p.date_from AND ui.create_date < p.date_to + 1
              %(answers)s
             WHERE %(invitation)s
             GROUP BY GROUPING SETS ((p.idx), (p.idx, c.team_id))
            """,
            periods=self._day_periods(periods), answers=answers,
            invitation=satisfaction.invitation_sql("ui"),
        ))
        invitations = self._by_team(cr.fetchall(), by_team)
        # A detractor is followed up when an activity on the customer was
        # marked done (Odoo then posts a message carrying the activity type)
        # within two days of his answer.
        cr.execute(SQL(
            """
            SELECT p.idx, grouping(c.team_id) = 0, c.team_id, count(DISTINCT ui.id),
                   count(DISTINCT ui.id) FILTER (WHERE EXISTS (
                       SELECT 1 FROM mail_message m
                        WHERE m.model = 'res.partner' AND m.res_id = rp.commercial_partner_id
                          AND m.mail_activity_type_id IS NOT NULL
                          AND m.date >= ui.end_datetime AND m.date <= ui.end_datetime + interval '2 days'))
              FROM %(periods)s
              JOIN survey_user_input ui ON ui.end_datetime >= p.date_from AND ui.end_datetime < p.date_to + 1
              %(answers)s
              JOIN survey_user_input_line l ON l.user_input_id = ui.id
              JOIN survey_question q ON q.id = l.question_id
             WHERE %(scored)s AND q.satisfaction_metric = 'nps' AND %(detractor)s
             GROUP BY GROUPING SETS ((p.idx), (p.idx, c.team_id))
            """,
            periods=self._day_periods(periods), answers=answers,
            scored=satisfaction.scored_line_sql("ui", "l", "q"),
            detractor=satisfaction.is_unhappy_sql(SQL("q.satisfaction_metric"), SQL("l.value_scale")),
        ))
        followed = self._by_team(cr.fetchall(), by_team)
        for (team_id, values), idx in product(by_team.items(), range(len(periods))):
            key = idx, team_id
            values["nps"][idx] = satisfaction.nps(scores[key, "nps"])
            values["csat"][idx] = satisfaction.csat(scores[key, "csat"])
            values["ces"][idx] = satisfaction.ces(scores[key, "ces"])[0]
            values["survey_response_rate"][idx] = satisfaction.response_rate(*invitations.get(key, (0, 0)))
            detractors, followed_up = followed.get(key, (0, 0))
            values["detractors_followed_up"][idx] = scorecard.ratio_pct(followed_up, detractors)


    def _provider_open_records(self, value):
        company, start, end = value.company_id, value.period_start, value.period_end
        customers = self.env["crm.scorecard.provider.customers"]._customer_ids(company, end)
        domain = [
            *satisfaction.COUNTED_ANSWER_DOMAIN, *satisfaction.answer_in_company_domain(company.id),
            ("end_datetime", ">=", start), ("end_datetime", "<", end + relativedelta(days=1)),
            ("partner_id.commercial_partner_id", "in", value._team_customer_ids(customers)),
        ]
        if value.kpi_id.code in ("nps", "detractors_followed_up"):
            domain.append(("user_input_line_ids", "any", satisfaction.unhappy_line_domain("nps")))
            name = self.env._("Detractors %(start)s – %(end)s", start=start, end=end)
        else:
            name = self.env._("Survey answers %(start)s – %(end)s", start=start, end=end)
        return {
            "type": "ir.actions.act_window", "name": name, "res_model": "survey.user_input",
            "views": [[False, "list"], [False, "form"]], "domain": domain,
        }
