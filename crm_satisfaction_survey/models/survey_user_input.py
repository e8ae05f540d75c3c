from odoo import fields, models
from odoo.tools import plaintext2html

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

    def _compute_scoring_values(self):
        # A satisfaction survey without quiz scoring scores 0 (Odoo shows no
        # score then); Odoo would still read every predefined question and its
        # answers on each saved answer, the bulk of a one-click score's cost.
        unscored = self.filtered(
            lambda user_input: user_input.satisfaction_campaign_id and user_input.survey_id.scoring_type == "no_scoring"
        )
        unscored.scoring_percentage = 0
        unscored.scoring_total = 0
        return super(SurveyUserInput, self - unscored)._compute_scoring_values()

    def _save_lines(self, question, answer, comment=None, overwrite_existing=True):
        # The one-click link stores the score before the survey page opens: submitting
        # that page confirms or changes it, whatever the survey's users_can_go_back says.
        if self.satisfaction_campaign_id and question == self._satisfaction_score_question():
            overwrite_existing = True
        return super()._save_lines(question, answer, comment=comment, overwrite_existing=overwrite_existing)

    def _satisfaction_record_first_score(self, question, score):
        """Store the score of a first one-click and start the answer.

        What _save_lines does for a scale, without its search for an earlier
        answer to replace: an invitation not started yet has none (the survey
        pages start it before they save anything). The line's related survey
        and sequence are given so that they are not recomputed after the insert.
        """
        self.ensure_one()
        values = self._get_line_answer_values(question, str(score), "scale")
        values.update(survey_id=self.survey_id.id, question_sequence=question.sequence)
        self.env["survey.user_input.line"].create(values)
        # No field of an answer is tracked: skip preparing the tracking values.
        self.with_context(tracking_disable=True)._mark_in_progress()

    def _mark_done(self):
        result = super()._mark_done()
        self._satisfaction_close_loop()
        return result

    def _satisfaction_close_loop(self):
        """Record the customer's last NPS, plan a follow-up for unhappy answers
        and open a lead for happy customers who asked to be contacted."""
        activity_type = (self.env.ref("crm_satisfaction_survey.mail_activity_type_satisfaction_follow_up",
                                      raise_if_not_found=False)
                         or self.env.ref("mail.mail_activity_data_todo", raise_if_not_found=False))
        # A test entry (the survey's Test button) scores nobody and calls nobody back.
        counted = self.filtered(lambda user_input: user_input.partner_id and satisfaction.is_counted_answer(
            user_input.state, user_input.test_entry))
        for user_input in counted:
            partner = user_input.partner_id.commercial_partner_id
            scored = user_input.user_input_line_ids.filtered(lambda line: satisfaction.is_scored_line(
                line.question_id.satisfaction_metric, line.answer_type, line.skipped))
            comments = user_input.user_input_line_ids.filtered(
                lambda line: line.answer_type in ("text_box", "char_box")
            )
            comment = "\n".join(line.value_text_box or line.value_char_box or "" for line in comments)
            contact_requested = any(
                line.suggested_answer_id.satisfaction_contact_request for line in user_input.user_input_line_ids
            )
            for line in scored:
                metric = line.question_id.satisfaction_metric
                if metric == "nps":
                    partner.sudo().write({
                        "satisfaction_nps_last": line.value_scale,
                        "satisfaction_nps_category": satisfaction.nps_category(line.value_scale),
                    })
                if satisfaction.is_unhappy(metric, line.value_scale) and activity_type:
                    partner.sudo().activity_schedule(
                        activity_type_id=activity_type.id,
                        user_id=user_input._satisfaction_owner().id,
                        summary=self.env._(
                            "Unhappy customer: %(metric)s %(score)s", metric=metric.upper(), score=line.value_scale
                        ),
                        note=comment or False,
                    )
                if contact_requested and satisfaction.is_happy(metric, line.value_scale):
                    user_input._satisfaction_contact_lead(metric, line.value_scale, comment)
                    contact_requested = False  # one lead per answer, whatever the number of happy scores

    def _satisfaction_owner(self):
        """Who follows the answer up: the customer's salesperson, else the survey's responsible."""
        self.ensure_one()
        return self.partner_id.commercial_partner_id.user_id or self.survey_id.user_id or self.env.user

    def _satisfaction_contact_lead(self, metric, score, comment):
        """A lead for the salesperson of a happy customer who asked to be contacted (once per answer)."""
        self.ensure_one()
        Lead = self.env["crm.lead"].sudo()
        if Lead.with_context(active_test=False).search_count([("satisfaction_user_input_id", "=", self.id)]):
            return Lead
        partner = self.partner_id.commercial_partner_id
        owner = self._satisfaction_owner()
        company = self.satisfaction_campaign_id.company_id or partner.company_id
        return Lead.create({
            "name": self.env._(
                "%(partner)s asked to be contacted (%(metric)s %(score)s)",
                partner=partner.name, metric=metric.upper(), score=score,
            ),
            # The salesperson's own pipeline decides: a lead to qualify where leads are used.
            "type": "lead" if owner.has_group("crm.group_use_lead") else "opportunity",
            "partner_id": partner.id,
            "user_id": owner.id,
            "company_id": company.id or False,
            "description": plaintext2html(comment) if comment else False,
            "satisfaction_user_input_id": self.id,
        })

    def _satisfaction_lang_path(self, path):
        """``path`` prefixed with the URL code of the partner's language (``/es/survey/...``).

        Public survey pages take their language from the URL prefix, else the
        ``frontend_lang`` cookie, else the browser (http_routing); never from the
        partner. The prefix makes them follow partner.lang whatever browser opens
        the link; http_routing then keeps the cookie for the survey's AJAX pages.
        An inactive language has no URL code: the path stays unprefixed.
        """
        self.ensure_one()
        # Only the language: the partner's whole row is wide and nothing else of it is needed here.
        lang = self.partner_id.with_context(prefetch_fields=False).lang
        url_code = self.env["res.lang"]._get_data(code=lang or "").url_code
        return f"/{url_code}{path}" if url_code else path

    def _satisfaction_start_path(self):
        """Where the invitation is answered, in the partner's language."""
        self.ensure_one()
        path = f"/survey/start/{self.survey_id.access_token}?answer_token={self.access_token}"
        return self._satisfaction_lang_path(path)

    def _satisfaction_score_question(self):
        """The NPS (else CSAT, else CES) question a one-click link answers."""
        self.ensure_one()
        return self.survey_id.satisfaction_question_id
