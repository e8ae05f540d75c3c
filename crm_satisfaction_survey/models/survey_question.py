from odoo import api, fields, models

from ..lib.satisfaction import METRIC_RANGES


class SurveyQuestion(models.Model):
    _inherit = "survey.question"

    satisfaction_metric = fields.Selection(
        [("nps", "NPS (0-10)"), ("csat", "CSAT (1-5)"), ("ces", "CES (1-7)")],
        help="Counts the answers of this scale question in the survey's NPS, CSAT or CES.",
    )

    @api.constrains("satisfaction_metric", "question_type", "scale_min", "scale_max")
    def _check_satisfaction_metric(self):
        for question in self.filtered("satisfaction_metric"):
            low, high = METRIC_RANGES[question.satisfaction_metric]
            if question.question_type != "scale" or (question.scale_min, question.scale_max) != (low, high):
                raise models.ValidationError(
                    self.env._(
                        "A %(metric)s question must be a scale from %(low)s to %(high)s.",
                        metric=question.satisfaction_metric.upper(),
                        low=low,
                        high=high,
                    )
                )

    @api.onchange("satisfaction_metric")
    def _onchange_satisfaction_metric(self):
        if self.satisfaction_metric:
            self.question_type = "scale"
            self.scale_min, self.scale_max = METRIC_RANGES[self.satisfaction_metric]
