from collections import defaultdict

from odoo import fields, models

from ..lib import satisfaction


class SurveySurvey(models.Model):
    _inherit = "survey.survey"

    nps_score = fields.Float("NPS", compute="_compute_satisfaction_scores", digits=(16, 1))
    csat_score = fields.Float("CSAT (%)", compute="_compute_satisfaction_scores", digits=(16, 1))
    ces_score = fields.Float("CES (mean)", compute="_compute_satisfaction_scores", digits=(16, 2))
    ces_easy_ratio = fields.Float("CES 5-7 (%)", compute="_compute_satisfaction_scores", digits=(16, 1))
    response_rate = fields.Float("Response rate (%)", compute="_compute_satisfaction_scores", digits=(16, 1))
    satisfaction_answer_count = fields.Integer("Scored answers", compute="_compute_satisfaction_scores")

    def _compute_satisfaction_scores(self):
        # Only completed answers count. Scores with no answer stay False (shown empty), not 0.
        scores = defaultdict(list)
        for survey, question, value, count in self.env["survey.user_input.line"]._read_group(
            [
                ("survey_id", "in", self.ids),
                ("user_input_id.state", "=", "done"),
                ("question_id.satisfaction_metric", "!=", False),
                ("answer_type", "=", "scale"),
                ("skipped", "=", False),
            ],
            ["survey_id", "question_id", "value_scale"],
            ["__count"],
        ):
            scores[survey.id, question.satisfaction_metric].extend([value] * count)
        answers = defaultdict(lambda: [0, 0])
        for survey, state, count in self.env["survey.user_input"]._read_group(
            [("survey_id", "in", self.ids), ("test_entry", "=", False)], ["survey_id", "state"], ["__count"]
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
