import uuid
from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged

from .common import SatisfactionCampaignCase


@tagged("post_install", "-at_install")
class TestOneClick(HttpCase, SatisfactionCampaignCase):
    def setUp(self):
        super().setUp()
        self.campaign = self._campaign()
        self.campaign.action_send()
        self.answer = self.campaign.user_input_ids

    def _click(self, token, score):
        return self.url_open(f"/survey/satisfaction/{token}/{score}", allow_redirects=False)

    def _score_lines(self):
        return self.answer.user_input_line_ids.filtered(lambda line: line.question_id == self.question)

    def test_valid_then_repeated_click(self):
        response = self._click(self.answer.access_token, 8)
        self.assertEqual(response.status_code, 303)
        self.assertIn(
            f"/survey/start/{self.survey.access_token}?answer_token={self.answer.access_token}",
            response.headers["Location"],
        )
        self.assertEqual(self._score_lines().value_scale, 8)
        self.assertEqual(self.answer.state, "in_progress")
        self._click(self.answer.access_token, 3)
        self.answer.invalidate_recordset()
        self.assertEqual(len(self._score_lines()), 1)
        self.assertEqual(self._score_lines().value_scale, 3)
        self.assertEqual(self.answer.state, "in_progress")

    def test_tampered_token(self):
        response = self._click(str(uuid.uuid4()), 9)
        self.assertEqual(response.status_code, 200)
        self.assertIn("not valid", response.text)
        response = self._click(self.answer.access_token[:-1] + "x", 9)
        self.assertIn("not valid", response.text)
        self.assertFalse(self.answer.user_input_line_ids)

    def test_out_of_range(self):
        response = self._click(self.answer.access_token, 11)
        self.assertIn("not on the survey", response.text)
        self.assertFalse(self.answer.user_input_line_ids)

    def test_expired_and_done(self):
        self.answer.deadline = fields.Datetime.now() - timedelta(days=1)
        response = self._click(self.answer.access_token, 9)
        self.assertIn("closed", response.text)
        self.assertFalse(self.answer.user_input_line_ids)
        self.answer.deadline = False
        self.answer._save_lines(self.question, "6")
        self.answer._mark_done()
        response = self._click(self.answer.access_token, 10)
        self.assertIn("already answered", response.text)
        self.answer.invalidate_recordset()
        self.assertEqual(self._score_lines().value_scale, 6)

    def test_detractor_activity_for_campaign_owner(self):
        self._click(self.answer.access_token, 2)
        self.answer._save_lines(self.comment_question, "Late delivery")
        self.answer._mark_done()
        activity = self.active_customer.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertIn("NPS 2", activity.summary)
        self.assertEqual(activity.activity_type_id,
                         self.env.ref("crm_satisfaction_survey.mail_activity_type_satisfaction_follow_up"))
        self.assertIn("Late delivery", str(activity.note))
        self.assertEqual(self.active_customer.satisfaction_nps_category, "detractor")

    def test_opt_out_honoured_by_next_campaign(self):
        response = self.url_open(f"/survey/satisfaction/optout/{self.answer.access_token}")
        self.assertIn("not receive", response.text)
        self.active_customer.invalidate_recordset()
        self.assertTrue(self.active_customer.satisfaction_opt_out)
        next_campaign = self._campaign(name="Next")
        next_campaign.action_send()
        self.assertFalse(next_campaign.user_input_ids)


@tagged("post_install", "-at_install")
class TestSurveyRouteProbing(HttpCase, SatisfactionCampaignCase):
    """What a curious or hostile visitor can send to the public survey routes."""

    def setUp(self):
        super().setUp()
        self.campaign = self._campaign()
        self.campaign.action_send()
        self.answer = self.campaign.user_input_ids
        self.url_open(f"/survey/satisfaction/{self.answer.access_token}/8", allow_redirects=False)

    def _submit(self, answer_token, value):
        """The call the survey page makes when the customer clicks Submit."""
        return self.make_jsonrpc_request(f"/survey/submit/{self.survey.access_token}/{answer_token}", {
            str(self.question.id): value, "question_id": self.question.id,
        })

    def _score(self):
        self.answer.invalidate_recordset()
        return self.answer.user_input_line_ids.filtered(lambda line: line.question_id == self.question).value_scale

    def test_non_numeric_and_negative_scores_in_the_link(self):
        for score in ("abc", "9.5", "1e3"):
            with self.subTest(score=score):
                response = self.url_open(f"/survey/satisfaction/{self.answer.access_token}/{score}",
                                         allow_redirects=False)
                self.assertEqual(response.status_code, 404)
        # Odoo's int converter takes a sign: the scale check answers it.
        response = self.url_open(f"/survey/satisfaction/{self.answer.access_token}/-3", allow_redirects=False)
        self.assertIn("not on the survey", response.text)
        self.assertEqual(self._score(), 8)

    def test_someone_else_answer_token_refused_on_submit(self):
        other = self.env["res.partner"].create({"name": "Other customer", "email": "other@example.com"})
        other_answer = self.survey._create_answer(partner=other, check_attempts=False)
        forged = self.answer.access_token[:-4] + "0000"
        self.assertEqual(self._submit(forged, "0")[1], {"error": "token_wrong"})
        self.assertEqual(self._score(), 8)
        # A valid token only ever reaches its own answer.
        self._submit(self.answer.access_token, "10")
        self.assertEqual(self._score(), 10)
        self.assertFalse(other_answer.user_input_line_ids)

    def test_out_of_range_and_non_numeric_scores_submitted(self):
        for value in ("11", "-1", "abc", "7.5"):
            with self.subTest(value=value):
                _, result = self._submit(self.answer.access_token, value)
                self.assertEqual(result["error"], "validation")
                self.assertEqual(result["fields"], {str(self.question.id): "Please choose a score from 0 to 10."})
                self.assertEqual(self._score(), 8)
        self.assertNotEqual(self.answer.state, "done")

    def test_missing_tokens(self):
        for path in ("/survey/satisfaction/8", "/survey/satisfaction//8", "/survey/satisfaction/optout/",
                     f"/survey/submit/{self.survey.access_token}/"):
            with self.subTest(path=path):
                # No route takes them: Odoo's own not-found handling sends the
                # visitor home (the login page, without the website app).
                response = self.url_open(path)
                self.assertEqual(response.url.split("?")[0], f"{self.base_url()}/web/login")
                self.assertNotIn("o_satisfaction_message", response.text)
        self.assertEqual(self._score(), 8)
        self.assertFalse(self.active_customer.satisfaction_opt_out)

    def test_opt_out_with_a_forged_token_or_a_plain_survey_answer(self):
        plain = self.survey._create_answer(partner=self.inactive_customer, check_attempts=False)
        for token in (self.answer.access_token[:-4] + "0000", plain.access_token):
            with self.subTest(token=token):
                response = self.url_open(f"/survey/satisfaction/optout/{token}")
                self.assertIn("This survey link is not valid", response.text)
        (self.active_customer | self.inactive_customer).invalidate_recordset()
        self.assertFalse(self.active_customer.satisfaction_opt_out)
        self.assertFalse(self.inactive_customer.satisfaction_opt_out)

    def test_signed_in_visitor_cannot_use_someone_else_invitation(self):
        """A forwarded e-mail opened by a signed-in customer: the one-click link,
        the opt-out link and the survey refuse him and change nothing."""
        visitor = new_test_user(self.env, "sat_other_visitor", groups="base.group_portal",
                                email="visitor@example.com")
        self.authenticate("sat_other_visitor", "sat_other_visitor")
        refused = "This survey link was sent to someone else"
        response = self.url_open(f"/survey/satisfaction/{self.answer.access_token}/2", allow_redirects=False)
        self.assertEqual(response.status_code, 200)
        self.assertIn(refused, response.text)
        self.assertIn(refused, self.url_open(f"/survey/satisfaction/optout/{self.answer.access_token}").text)
        self.assertEqual(self._submit(self.answer.access_token, "0")[1], {"error": "answer_wrong_user"})
        self.assertEqual(self._score(), 8)
        self.active_customer.invalidate_recordset()
        self.assertFalse(self.active_customer.satisfaction_opt_out)
        self.assertFalse(visitor.partner_id.satisfaction_opt_out)
        # His own invitation works as for anybody.
        own = self._campaign(name="Visitor's", partner_domain=repr([("id", "=", visitor.partner_id.id)]))
        own.action_send()
        response = self.url_open(f"/survey/satisfaction/{own.user_input_ids.access_token}/9", allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.assertEqual(own.user_input_ids.user_input_line_ids.value_scale, 9)
