import uuid
from datetime import timedelta

from lxml import html

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged

from .common import SatisfactionCampaignCase, nps_survey


def texts(page, xpath):
    """The whitespace-normalised texts of the nodes ``xpath`` selects."""
    return [" ".join(node.text_content().split()) for node in page.xpath(xpath)]


@tagged("post_install", "-at_install")
class TestPortalMySurveys(HttpCase, SatisfactionCampaignCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_user = new_test_user(
            cls.env, login="sat_portal_customer", groups="base.group_portal", email="sat_portal_customer@example.com"
        )
        cls.other_user = new_test_user(
            cls.env, login="sat_portal_other", groups="base.group_portal", email="sat_portal_other@example.com"
        )
        cls.customer = cls.portal_user.partner_id
        cls.other = cls.other_user.partner_id
        cls.second_survey, cls.second_question = nps_survey(cls.env, "Second NPS")
        both = repr([("id", "in", (cls.customer | cls.other).ids)])
        # The first campaign stays open, the customers answer the second one.
        cls.open_campaign = cls._make_campaign("Open campaign", cls.survey, both)
        cls.answered_campaign = cls._make_campaign("Answered campaign", cls.second_survey, both)
        for partner, score in ((cls.customer, 8), (cls.other, 3)):
            answered = cls._invitation(cls.answered_campaign, partner)
            answered._save_lines(cls.second_question, str(score))
            answered._mark_done()

    @classmethod
    def _make_campaign(cls, name, survey, partner_domain):
        campaign = cls.env["crm.satisfaction.campaign"].create(
            {
                "name": name,
                "survey_id": survey.id,
                "exclude_days": 0,
                "audience": "domain",
                "partner_domain": partner_domain,
            }
        )
        campaign.action_send()
        return campaign

    @classmethod
    def _invitation(cls, campaign, partner):
        return campaign.user_input_ids.filtered(lambda invitation: invitation.partner_id == partner)

    def _my_surveys(self):
        response = self.url_open("/my/surveys")
        self.assertEqual(response.status_code, 200)
        return response, html.fromstring(response.text)

    def _listed(self, page, css_class):
        rows = page.xpath(f"//tr[contains(concat(' ', @class, ' '), ' {css_class} ')]")
        return self.env["survey.user_input"].browse(int(row.get("data-invitation-id")) for row in rows)

    def test_customer_sees_own_pending_and_answered(self):
        self.authenticate("sat_portal_customer", "sat_portal_customer")
        response, page = self._my_surveys()
        pending = self._invitation(self.open_campaign, self.customer)
        answered = self._invitation(self.answered_campaign, self.customer)
        self.assertEqual(self._listed(page, "o_satisfaction_pending"), pending)
        self.assertEqual(self._listed(page, "o_satisfaction_answered"), answered)
        # English is the default language: http_routing drops the /en prefix and keeps English in the cookie.
        self.assertEqual(
            page.xpath("//a[contains(@class, 'o_satisfaction_answer')]/@href"),
            [f"/en/survey/start/{self.survey.access_token}?answer_token={pending.access_token}"],
        )
        self.assertEqual(texts(page, "//span[contains(@class, 'o_satisfaction_score')]"), ["8/10"])
        self.assertIn("Second NPS", response.text)
        # nothing of the other customer's invitations, not even their tokens
        for invitation in self.open_campaign.user_input_ids | self.answered_campaign.user_input_ids:
            if invitation.partner_id == self.other:
                self.assertNotIn(invitation.access_token, response.text)
        self.assertNotIn("3/10", response.text)

    def test_invitation_asks_every_question(self):
        # Odoo's survey form saves only the answer's predefined questions: the SQL send must set them.
        pending = self._invitation(self.open_campaign, self.customer)
        self.assertEqual(pending.predefined_question_ids, self.question | self.comment_question)

    def test_closed_invitations_are_not_pending(self):
        pending = self._invitation(self.open_campaign, self.customer)
        pending.deadline = fields.Datetime.now() - timedelta(days=1)
        self.authenticate("sat_portal_customer", "sat_portal_customer")
        _response, page = self._my_surveys()
        self.assertFalse(self._listed(page, "o_satisfaction_pending"))
        pending.deadline = False
        self.survey.active = False
        _response, page = self._my_surveys()
        self.assertFalse(self._listed(page, "o_satisfaction_pending"))
        self.assertEqual(self._listed(page, "o_satisfaction_answered").partner_id, self.customer)

    def test_forged_parameters_expose_nothing(self):
        self.authenticate("sat_portal_customer", "sat_portal_customer")
        other_pending = self._invitation(self.open_campaign, self.other)
        response = self.url_open(f"/my/surveys?partner_id={self.other.id}&answer_token={other_pending.access_token}")
        page = html.fromstring(response.text)
        self.assertEqual(self._listed(page, "o_satisfaction_pending").partner_id, self.customer)
        self.assertEqual(self._listed(page, "o_satisfaction_answered").partner_id, self.customer)
        # The other customer's answer link, opened by this customer: Odoo's survey controller refuses it.
        response = self.url_open(f"/survey/start/{self.survey.access_token}?answer_token={other_pending.access_token}")
        self.assertEqual(response.status_code, 200)
        self.assertNotIn(other_pending.access_token, response.text)
        self.assertNotIn('name="question_id"', response.text)
        other_pending.invalidate_recordset()
        self.assertEqual(other_pending.state, "new")

    def test_counter_and_home_entry(self):
        self.authenticate("sat_portal_customer", "sat_portal_customer")
        counters = self.make_jsonrpc_request("/my/counters", {"counters": ["satisfaction_survey_count"]})
        self.assertEqual(counters, {"satisfaction_survey_count": 2})
        home = self.url_open("/my")
        self.assertEqual(home.status_code, 200)
        entry = html.fromstring(home.text).xpath("//a[@href='/my/surveys']")
        self.assertEqual(len(entry), 1)
        self.assertIn("My surveys", entry[0].text_content())
        # Expired invitations are neither listed nor counted.
        self._invitation(self.open_campaign, self.customer).deadline = fields.Datetime.now() - timedelta(days=1)
        counters = self.make_jsonrpc_request("/my/counters", {"counters": ["satisfaction_survey_count"]})
        self.assertEqual(counters, {"satisfaction_survey_count": 1})

    def test_customer_without_invitation(self):
        new_test_user(self.env, login="sat_portal_nobody", groups="base.group_portal", email="nobody@example.com")
        self.authenticate("sat_portal_nobody", "sat_portal_nobody")
        counters = self.make_jsonrpc_request("/my/counters", {"counters": ["satisfaction_survey_count"]})
        self.assertEqual(counters, {"satisfaction_survey_count": 0})
        response, page = self._my_surveys()
        self.assertFalse(self._listed(page, "o_satisfaction_pending") | self._listed(page, "o_satisfaction_answered"))
        self.assertTrue(page.xpath("//div[contains(@class, 'o_satisfaction_no_survey')]"))

    def test_anonymous_visitor_is_sent_to_login(self):
        response = self.url_open("/my/surveys", allow_redirects=False)
        self.assertIn(response.status_code, (302, 303))
        self.assertIn("/web/login", response.headers["Location"])
        self.assertIn("redirect=", response.headers["Location"])


@tagged("post_install", "-at_install")
class TestSurveyPagesInPartnerLanguage(HttpCase, SatisfactionCampaignCase):
    """Public survey pages follow partner.lang, whatever the browser asks for."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("es_ES")
        cls.env["ir.module.module"]._load_module_terms(
            ["survey", "crm_satisfaction_survey"], ["es_ES"], overwrite=True
        )
        cls.spanish_customer = cls.env["res.partner"].create(
            {"name": "Cliente", "email": "cliente@example.com", "lang": "es_ES"}
        )
        cls.english_customer = cls.env["res.partner"].create(
            {"name": "Customer", "email": "customer@example.com", "lang": "en_US"}
        )
        cls.survey.with_context(lang="es_ES").title = "Encuesta NPS"

    def setUp(self):
        super().setUp()
        self.campaign = self._campaign(
            partner_domain=repr([("id", "in", (self.spanish_customer | self.english_customer).ids)])
        )
        self.campaign.action_send()

    def _invitation(self, partner):
        return self.campaign.user_input_ids.filtered(lambda invitation: invitation.partner_id == partner)

    def _answer_by_one_click(self, partner, browser_lang):
        """Click 9 in the e-mail from a browser asking for another language, comment, submit.

        Returns the first survey page (response) and the html of the next page and of the thank-you page.
        """
        invitation = self._invitation(partner)
        headers = {"Accept-Language": browser_lang}
        first_page = self.url_open(f"/survey/satisfaction/{invitation.access_token}/9", headers=headers)
        self.assertEqual(first_page.status_code, 200)
        # what the survey page's JavaScript posts, page by page
        submit_url = f"/survey/submit/{self.survey.access_token}/{invitation.access_token}"
        _correct, next_page = self.make_jsonrpc_request(
            submit_url, {"question_id": self.question.id, str(self.question.id): "9"}, headers=dict(headers)
        )
        _correct, done_page = self.make_jsonrpc_request(
            submit_url,
            {"question_id": self.comment_question.id, str(self.comment_question.id): "Todo bien"},
            headers=dict(headers),
        )
        invitation.invalidate_recordset()
        self.assertEqual(invitation.state, "done")
        comment = invitation.user_input_line_ids.filtered(lambda line: line.question_id == self.comment_question)
        self.assertEqual(comment.value_text_box, "Todo bien")
        return first_page, next_page["survey_content"], done_page["survey_content"]

    def _button(self, page_html):
        return texts(html.fromstring(page_html), "//button[@type='submit']")[0]

    def test_spanish_customer_gets_spanish_pages(self):
        first_page, next_page, done_page = self._answer_by_one_click(self.spanish_customer, "en-US,en;q=0.9")
        self.assertIn("/es/survey/", first_page.url)
        self.assertEqual(self._button(first_page.text), "Continuar")
        self.assertEqual(self._button(next_page), "Enviar")
        self.assertIn("¡Gracias!", done_page)

    def test_english_customer_gets_english_pages(self):
        first_page, next_page, done_page = self._answer_by_one_click(self.english_customer, "es-ES,es;q=0.9")
        self.assertNotIn("/es/", first_page.url)
        self.assertEqual(self._button(first_page.text), "Continue")
        self.assertEqual(self._button(next_page), "Submit")
        self.assertIn("Thank you!", done_page)

    def test_message_pages_in_partner_language(self):
        # A page our controller renders itself (here: score out of range) follows the partner too.
        invitation = self._invitation(self.spanish_customer)
        response = self.url_open(
            f"/survey/satisfaction/{invitation.access_token}/11", headers={"Accept-Language": "en-US,en;q=0.9"}
        )
        self.assertIn("Esta puntuación no está en la escala de la encuesta.", response.text)
        invitation = self._invitation(self.english_customer)
        response = self.url_open(
            f"/survey/satisfaction/{invitation.access_token}/11", headers={"Accept-Language": "es-ES,es;q=0.9"}
        )
        self.assertIn("This score is not on the survey&#39;s scale.", response.text)

    def test_unknown_link_page_in_the_visitor_language(self):
        # No invitation, so no partner: the visitor's language (cookie), else the default one.
        response = self.url_open(f"/survey/satisfaction/{uuid.uuid4()}/9")
        self.assertIn("This survey link is not valid.", response.text)
        self.opener.cookies.set("frontend_lang", "es_ES")
        response = self.url_open(f"/survey/satisfaction/{uuid.uuid4()}/9")
        self.assertIn("Este enlace de encuesta no es válido.", response.text)

    def test_spanish_portal_customer(self):
        self.env["ir.module.module"]._load_module_terms(["crm_satisfaction_survey"], ["es_ES"], overwrite=True)
        portal_user = new_test_user(
            self.env, login="sat_portal_es", groups="base.group_portal", email="sat_portal_es@example.com", lang="es_ES"
        )
        campaign = self._campaign(name="Spanish portal", partner_domain=repr([("id", "=", portal_user.partner_id.id)]))
        campaign.action_send()
        invitation = campaign.user_input_ids
        self.authenticate("sat_portal_es", "sat_portal_es")
        page = html.fromstring(self.url_open("/my/surveys").text)
        self.assertEqual(texts(page, "//li[contains(@class, 'breadcrumb-item active')]"), ["Mis encuestas"])
        self.assertEqual(
            page.xpath("//a[contains(@class, 'o_satisfaction_answer')]/@href"),
            [f"/es/survey/start/{self.survey.access_token}?answer_token={invitation.access_token}"],
        )
        self.assertEqual(texts(page, "//a[contains(@class, 'o_satisfaction_answer')]"), ["Responder"])

    def test_invitation_mail_in_partner_language(self):
        self.env["crm.satisfaction.campaign"]._cron_process()
        for partner, subject, url_code in (
            (self.spanish_customer, "¿Cómo lo estamos haciendo? Encuesta NPS", "es"),
            (self.english_customer, "How are we doing? Campaign NPS", "en"),
        ):
            invitation = self._invitation(partner)
            mail = self.env["mail.mail"].search([("model", "=", "survey.user_input"), ("res_id", "=", invitation.id)])
            self.assertEqual(mail.subject, subject)
            self.assertIn(
                f"/{url_code}/survey/start/{self.survey.access_token}?answer_token={invitation.access_token}",
                mail.body_html,
            )
            self.assertIn(f"/survey/satisfaction/{invitation.access_token}/9", mail.body_html)
