import uuid
from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged

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
