from odoo import fields, http
from odoo.http import request

# What a click reads of the survey and of its score question (see satisfaction_one_click).
SURVEY_FIELDS = ["active", "access_token", "scoring_type", "scoring_success_min", "satisfaction_question_id"]
QUESTION_FIELDS = [
    "survey_id", "sequence", "question_type", "scale_min", "scale_max", "satisfaction_metric",
    "save_as_email", "save_as_nickname",
]


class SatisfactionController(http.Controller):
    def _satisfaction_answer(self, token):
        # Tokens are uuid4 (122 random bits): finding one by guessing is not practical.
        # One query for the few fields the routes read (the answer's row has many more).
        return request.env["survey.user_input"].sudo().search_fetch(
            [("access_token", "=", token), ("satisfaction_campaign_id", "!=", False)],
            ["state", "deadline", "survey_id", "partner_id", "access_token", "satisfaction_campaign_id"], limit=1,
        )

    # Not a multilang frontend route (website=False): the click only records a
    # score and redirects to a path that carries the partner's language, so the
    # language negotiation of http_routing (a sixth of a click's time) is not
    # needed; the rare message pages set their language themselves (_render).
    @http.route("/survey/satisfaction/<string:token>/<int:score>", type="http", auth="public", sitemap=False)
    def satisfaction_one_click(self, token, score, **kwargs):
        answer = self._satisfaction_answer(token)
        if not answer:
            return self._render(answer, "invalid")
        if not self._is_visitor_invited(answer):
            # In the visitor's language: the invited person's is none of his business.
            return self._render(answer.browse(), "other_person")
        if answer.state == "done":
            return self._render(answer, "done")
        # Every click reads these few fields of the survey and its score question,
        # and of the public user its company (for the new line's defaults): fetched
        # alone, rather than the wide rows a plain read loads, which cost more than
        # the rest of the click on a busy server (see bench/one_click_load.py).
        answer.survey_id.fetch(SURVEY_FIELDS)
        if (answer.deadline and answer.deadline < fields.Datetime.now()) or not answer.survey_id.active:
            return self._render(answer, "expired")
        question = answer._satisfaction_score_question()
        if not question:
            return self._render(answer, "range")
        question.fetch(QUESTION_FIELDS)
        if not question.scale_min <= score <= question.scale_max:
            return self._render(answer, "range")
        request.env.user.fetch(["company_id"])
        if answer.state == "new":
            answer._satisfaction_record_first_score(question, score)
        else:
            # _save_lines replaces the existing line of that question: a repeated click only changes the score.
            answer._save_lines(question, str(score))
        # The survey opens in the partner's language, not the browser's (see _satisfaction_lang_path).
        return request.redirect(answer._satisfaction_start_path())

    @http.route("/survey/satisfaction/optout/<string:token>", type="http", auth="public", website=True, sitemap=False)
    def satisfaction_opt_out(self, token, **kwargs):
        answer = self._satisfaction_answer(token)
        if not answer or not answer.partner_id:
            return self._render(answer, "invalid")
        if not self._is_visitor_invited(answer):
            # In the visitor's language: the invited person's is none of his business.
            return self._render(answer.browse(), "other_person")
        answer.partner_id.commercial_partner_id.satisfaction_opt_out = True
        answer.partner_id.satisfaction_opt_out = True
        return self._render(answer, "optout")

    def _is_visitor_invited(self, answer):
        """A signed-in visitor acts only on his own invitations, as Odoo's survey
        pages require (they would refuse the survey this link then opens); an
        anonymous visitor holding the link is taken to be the invited person."""
        user = request.env.user
        return user._is_public() or answer.partner_id == user.partner_id

    def _render(self, answer, reason):
        if not request.is_frontend:
            # The one-click route skips http_routing's frontend set-up (see its
            # route): its rare pages get what that set-up would have given them,
            # the visitor's language (cookie, else the default one).
            ir_http = request.env["ir.http"]
            visitor_lang = (
                ir_http.get_nearest_lang(request.cookies.get("frontend_lang")) or ir_http._get_default_lang().code
            )
            request.is_frontend = True
            request.lang = request.env["res.lang"]._get_data(code=visitor_lang)
            request.update_context(lang=visitor_lang)
        lang = (answer.partner_id.lang if answer else None) or request.env.lang
        if request.env["res.lang"]._get_code(lang):
            # the whole page (layout included) in the partner's language, if it is still active
            request.update_context(lang=lang)
        env = request.env(context=dict(request.env.context, lang=lang))
        messages = {
            "invalid": env._("This survey link is not valid. Please use the link from your most recent e-mail."),
            "done": env._("You have already answered this survey. Thank you for your feedback!"),
            "expired": env._("This survey is closed. Thank you for your interest."),
            "range": env._("This score is not on the survey's scale. Please click one of the scores in the e-mail."),
            "optout": env._("You will not receive satisfaction surveys from us any more."),
            "other_person": env._(
                "This survey link was sent to someone else. Sign out to use it, or use the link from your own e-mail."
            ),
        }
        return request.render(
            "crm_satisfaction_survey.satisfaction_message_page", {"message": messages[reason], "reason": reason}
        )
