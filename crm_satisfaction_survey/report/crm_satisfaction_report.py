from odoo import fields, models, tools
from odoo.tools import SQL

from ..lib import satisfaction

SENTIMENTS = [
    ("positive", "Positive (NPS 9-10, CSAT 4-5, CES 5-7)"),
    ("neutral", "Neutral"),
    ("negative", "Negative (NPS 0-6, CSAT 1-2, CES 1-3)"),
]


class CrmSatisfactionReport(models.Model):
    """One row per satisfaction score of a completed survey answer.

    The measures are per-answer values whose *average* is the published
    figure, so graph and pivot give NPS, CSAT and CES for any grouping
    (campaign, team, salesperson, month...) without custom code:
    NPS = avg(+100 promoter, 0 passive, -100 detractor), CSAT = avg(100 when
    4-5, else 0), CES = avg(score) and avg(100 when 5-7, else 0). Rows of
    other metrics hold NULL, which avg() skips.
    """

    _name = "crm.satisfaction.report"
    _description = "Satisfaction analysis"
    _auto = False
    _rec_name = "partner_id"
    _order = "date desc, id desc"
    # What the view reads: searching the report flushes pending writes on these first.
    _depends = {
        "survey.user_input.line": [
            "user_input_id", "question_id", "answer_type", "skipped", "value_scale",
            "value_text_box", "value_char_box",
        ],
        "survey.user_input": [
            "survey_id", "partner_id", "state", "test_entry", "end_datetime", "satisfaction_campaign_id",
        ],
        "survey.question": ["satisfaction_metric"],
        "res.partner": ["commercial_partner_id", "user_id", "company_id"],
        "res.users": ["sale_team_id"],
        "crm.satisfaction.campaign": ["company_id"],
    }

    date = fields.Datetime("Answered on", readonly=True)
    user_input_id = fields.Many2one("survey.user_input", "Answer", readonly=True)
    survey_id = fields.Many2one("survey.survey", readonly=True)
    campaign_id = fields.Many2one("crm.satisfaction.campaign", readonly=True)
    partner_id = fields.Many2one("res.partner", "Customer", readonly=True)
    user_id = fields.Many2one("res.users", "Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", "Sales Team", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    metric = fields.Selection(
        [("nps", "NPS (0-10)"), ("csat", "CSAT (1-5)"), ("ces", "CES (1-7)")], readonly=True
    )
    score = fields.Integer(readonly=True, aggregator="avg")
    sentiment = fields.Selection(SENTIMENTS, readonly=True)
    nps = fields.Float("NPS", readonly=True, aggregator="avg", digits=(16, 1))
    csat = fields.Float("CSAT (%)", readonly=True, aggregator="avg", digits=(16, 1))
    ces = fields.Float("CES (mean)", readonly=True, aggregator="avg", digits=(16, 2))
    ces_easy = fields.Float("CES 5-7 (%)", readonly=True, aggregator="avg", digits=(16, 1))
    comment = fields.Text(readonly=True)

    def _select(self):
        metric, score = SQL("question.satisfaction_metric"), SQL("line.value_scale")
        ces, ces_easy = satisfaction.ces_sql(metric, score)
        return SQL(
            """
            line.id,
            COALESCE(ui.end_datetime, ui.write_date) AS date,
            ui.id AS user_input_id,
            ui.survey_id,
            ui.satisfaction_campaign_id AS campaign_id,
            customer.id AS partner_id,
            customer.user_id,
            salesperson.sale_team_id AS team_id,
            %(company)s AS company_id,
            question.satisfaction_metric AS metric,
            line.value_scale AS score,
            %(sentiment)s AS sentiment,
            %(nps)s AS nps,
            %(csat)s AS csat,
            %(ces)s AS ces,
            %(ces_easy)s AS ces_easy,
            comment.text AS comment
            """,
            company=satisfaction.answer_company_sql("ui", "customer"),
            sentiment=satisfaction.sentiment_sql(metric, score),
            nps=satisfaction.nps_points_sql(metric, score),
            csat=satisfaction.csat_points_sql(metric, score),
            ces=ces, ces_easy=ces_easy,
        )

    def _from(self):
        # Scores belong to the commercial partner, as the partner's last NPS does.
        return SQL(
            """
            survey_user_input_line line
            JOIN survey_question question ON question.id = line.question_id
            JOIN survey_user_input ui ON ui.id = line.user_input_id
            LEFT JOIN res_partner contact ON contact.id = ui.partner_id
            LEFT JOIN res_partner customer ON customer.id = COALESCE(contact.commercial_partner_id, contact.id)
            LEFT JOIN res_users salesperson ON salesperson.id = customer.user_id
            LEFT JOIN LATERAL (
                SELECT string_agg(COALESCE(text_line.value_text_box, text_line.value_char_box), E'\\n'
                                  ORDER BY text_line.id) AS text
                  FROM survey_user_input_line text_line
                 WHERE text_line.user_input_id = ui.id AND NOT text_line.skipped
                   AND text_line.answer_type IN ('text_box', 'char_box')
            ) comment ON TRUE
            """
        )

    def _where(self):
        # Only scored answers count (the satisfaction rules' owner): test entries never do.
        return satisfaction.scored_line_sql("ui", "line", "question")

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(SQL(
            "CREATE OR REPLACE VIEW %s AS (SELECT %s FROM %s WHERE %s)",
            SQL.identifier(self._table), self._select(), self._from(), self._where(),
        ))

