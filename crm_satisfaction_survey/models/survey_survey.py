from collections import defaultdict

from odoo import api, fields, models

from ..lib import satisfaction


class SurveySurvey(models.Model):
    _inherit = "survey.survey"

    nps_score = fields.Float("NPS", compute="_compute_satisfaction_scores", digits=(16, 1))
    csat_score = fields.Float("CSAT (%)", compute="_compute_satisfaction_scores", digits=(16, 1))
    ces_score = fields.Float("CES (mean)", compute="_compute_satisfaction_scores", digits=(16, 2))
    ces_easy_ratio = fields.Float("CES 5-7 (%)", compute="_compute_satisfaction_scores", digits=(16, 1))
    response_rate = fields.Float("Response rate (%)", compute="_compute_satisfaction_scores", digits=(16, 1))
    satisfaction_answer_count = fields.Integer("Scored answers", compute="_compute_satisfaction_scores")
    # Stored: the one-click link reads it on every click, and finding it from
    # question_ids loads and sorts every question of the survey.
    satisfaction_question_id = fields.Many2one(
        "survey.question", "Score question of the invitations", compute="_compute_satisfaction_question",
        store=True, help="The question the scores in the invitation e-mail answer: the first NPS question, "
        "else the first CSAT one, else the first CES one.",
    )

    @api.depends(
        "question_and_page_ids.satisfaction_metric", "question_and_page_ids.sequence",
        "question_and_page_ids.is_page",
    )
    def _compute_satisfaction_question(self):
        for survey in self:
            questions = survey.question_ids.filtered("satisfaction_metric")
            survey.satisfaction_question_id = next(
                (question for metric in ("nps", "csat", "ces") for question in questions
                 if question.satisfaction_metric == metric),
                False,
            )

    def _compute_satisfaction_scores(self):
        # Only scored answers count (test entries never do). Scores with no answer stay False (shown empty), not 0.
        scores = defaultdict(list)
        for survey, question, value, count in self.env["survey.user_input.line"]._read_group(
            [("survey_id", "in", self.ids), *satisfaction.scored_line_domain()],
            ["survey_id", "question_id", "value_scale"],
            ["__count"],
        ):
            scores[survey.id, question.satisfaction_metric].extend([value] * count)
        answers = defaultdict(lambda: [0, 0])
        for survey, state, count in self.env["survey.user_input"]._read_group(
            [("survey_id", "in", self.ids), *satisfaction.INVITATION_DOMAIN], ["survey_id", "state"], ["__count"]
        ):
            answers[survey.id][0] += count
            answers[survey.id][1] += count if state == "done" else 0
        for survey in self:
            nps = satisfaction.nps(scores[survey.id, "nps"])
            csat = satisfaction.csat(scores[survey.id, "csat"])
            ces_mean, ces_easy = satisfaction.ces(scores[survey.id, "ces"])
            rate = satisfaction.response_rate(*answers[survey.id])
            survey.nps_score = nps if nps is not None else False
            survey.csat_score = csat if csat is not None else False
            survey.ces_score = ces_mean if ces_mean is not None else False
            survey.ces_easy_ratio = ces_easy if ces_easy is not None else False
            survey.response_rate = rate if rate is not None else False
            survey.satisfaction_answer_count = sum(
                len(scores[survey.id, metric]) for metric in satisfaction.METRIC_RANGES
            )
