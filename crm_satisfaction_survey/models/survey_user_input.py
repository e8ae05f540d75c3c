from odoo import fields, models

from ..lib import satisfaction


class SurveyUserInput(models.Model):
    _inherit = "survey.user_input"

    satisfaction_campaign_id = fields.Many2one(
        "crm.satisfaction.campaign", "Satisfaction campaign", readonly=True, index="btree_not_null", ondelete="set null"
    )
    satisfaction_mail_state = fields.Selection(
        [("pending", "To send"), ("queued", "Queued")], "Invitation e-mail", readonly=True, copy=False
    )

    # One invitation per partner and campaign, enforced by PostgreSQL so that
    # concurrent or repeated sends cannot slip a duplicate in.
    _sql_constraints = [
        (
            "satisfaction_campaign_partner_uniq",
            "UNIQUE (satisfaction_campaign_id, partner_id)",
            "A partner can be invited only once per satisfaction campaign.",
        ),
    ]

    def _mark_done(self):
        result = super()._mark_done()
        self._satisfaction_close_loop()
        return result

    def _satisfaction_close_loop(self):
        """Record the customer's last NPS and plan a follow-up for unhappy answers."""
        activity_type = self.env.ref("mail.mail_activity_data_todo", raise_if_not_found=False)
        for user_input in self.filtered("partner_id"):
            partner = user_input.partner_id.commercial_partner_id
            scored = user_input.user_input_line_ids.filtered(
                lambda line: line.question_id.satisfaction_metric and line.answer_type == "scale" and not line.skipped
            )
            comments = user_input.user_input_line_ids.filtered(
                lambda line: line.answer_type in ("text_box", "char_box")
            )
            comment = "\n".join(line.value_text_box or line.value_char_box or "" for line in comments)
            for line in scored:
                metric = line.question_id.satisfaction_metric
                if metric == "nps":
                    partner.sudo().write({
                        "satisfaction_nps_last": line.value_scale,
                        "satisfaction_nps_category": satisfaction.nps_category(line.value_scale),
                    })
                if satisfaction.is_unhappy(metric, line.value_scale) and activity_type:
                    owner = partner.user_id or user_input.survey_id.user_id or self.env.user
                    partner.sudo().activity_schedule(
                        activity_type_id=activity_type.id,
                        user_id=owner.id,
                        summary=self.env._(
                            "Unhappy customer: %(metric)s %(score)s", metric=metric.upper(), score=line.value_scale
                        ),
                        note=comment or False,
                    )

    def _satisfaction_score_question(self):
        """The NPS (else CSAT, else CES) question a one-click link answers."""
        self.ensure_one()
        questions = self.survey_id.question_ids.filtered("satisfaction_metric")
        for metric in ("nps", "csat", "ces"):
            matching = questions.filtered(lambda question, metric=metric: question.satisfaction_metric == metric)
            if matching:
                return matching[0]
        return self.env["survey.question"]
