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

    def _validate_scale(self, answer):
        # Odoo's survey stores whatever the page posts for a scale (11, -1, and
        # fails with an error on "abc"): a forged post must get a message and
        # store nothing, or one request would skew the NPS.
        errors = super()._validate_scale(answer)
        if errors or answer in (None, "", False):
            return errors
        try:
            score = int(str(answer).strip())
        except ValueError:
            score = None
        if score is None or not self.scale_min <= score <= self.scale_max:
            return {self.id: self.env._(
                "Please choose a score from %(low)s to %(high)s.", low=self.scale_min, high=self.scale_max,
            )}
        return {}
