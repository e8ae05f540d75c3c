from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged

from .common import SatisfactionCampaignCase


@tagged("post_install", "-at_install")
class TestSatisfactionTours(HttpCase, SatisfactionCampaignCase):
    def test_customer_answers_from_one_click_link(self):
        campaign = self._campaign()
        campaign.action_send()
        answer = campaign.user_input_ids
        self.start_tour(f"/survey/satisfaction/{answer.access_token}/9", "crm_satisfaction_one_click")
        answer.invalidate_recordset()
        self.assertEqual(answer.state, "done")
        score_line = answer.user_input_line_ids.filtered(lambda line: line.question_id == self.question)
        self.assertEqual(score_line.value_scale, 9)
        self.assertEqual(self._comment(answer), "Friendly support team")
        self.assertEqual(self.active_customer.satisfaction_nps_category, "promoter")
        self.assertFalse(self.active_customer.activity_ids, "a promoter needs no follow-up")

    def test_detractor_comment_reaches_the_follow_up(self):
        campaign = self._campaign()
        campaign.action_send()
        answer = campaign.user_input_ids
        self.start_tour(f"/survey/satisfaction/{answer.access_token}/2", "crm_satisfaction_one_click_detractor")
        answer.invalidate_recordset()
        self.assertEqual(answer.state, "done")
        self.assertEqual(self._comment(answer), "The delivery was two weeks late")
        self.assertEqual(self.active_customer.satisfaction_nps_category, "detractor")
        activity = self.active_customer.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertIn("NPS 2", activity.summary)
        self.assertIn("The delivery was two weeks late", str(activity.note))

    def test_promoter_asks_to_be_contacted_on_the_ready_made_survey(self):
        salesperson = new_test_user(self.env, "sat_tour_salesperson", groups="sales_team.group_sale_salesman")
        self.active_customer.user_id = salesperson
        campaign = self._campaign(survey_id=self.env.ref("crm_satisfaction_survey.survey_relationship_nps").id)
        campaign.action_send()
        answer = campaign.user_input_ids
        self.start_tour(
            f"/survey/satisfaction/{answer.access_token}/10", "crm_satisfaction_promoter_asks_to_be_contacted"
        )
        answer.invalidate_recordset()
        self.assertEqual(answer.state, "done")
        lead = self.env["crm.lead"].search([("satisfaction_user_input_id", "=", answer.id)])
        self.assertEqual((len(lead), lead.partner_id, lead.user_id), (1, self.active_customer, salesperson))
        self.assertIn("Quick answers every time", str(lead.description))
        self.assertEqual(self.active_customer.satisfaction_nps_category, "promoter")

    def test_portal_customer_answers_from_my_surveys(self):
        portal_user = new_test_user(
            self.env, login="sat_tour_portal", groups="base.group_portal", email="sat_tour_portal@example.com"
        )
        campaign = self._campaign(partner_domain=repr([("id", "=", portal_user.partner_id.id)]))
        campaign.action_send()
        answer = campaign.user_input_ids
        self.assertEqual(answer.partner_id, portal_user.partner_id)
        self.start_tour("/my", "crm_satisfaction_portal_my_surveys", login="sat_tour_portal")
        answer.invalidate_recordset()
        self.assertEqual(answer.state, "done")
        score_line = answer.user_input_line_ids.filtered(lambda line: line.question_id == self.question)
        self.assertEqual(score_line.value_scale, 7)
        self.assertEqual(self._comment(answer), "Good, could be faster")
        self.assertEqual(portal_user.partner_id.satisfaction_nps_category, "passive")

    def _comment(self, answer):
        comment_line = answer.user_input_line_ids.filtered(lambda line: line.question_id == self.comment_question)
        return comment_line.value_text_box

    def test_manager_reads_campaign_nps(self):
        campaign = self._campaign(
            name="Tour NPS campaign",
            partner_domain=repr([("id", "in", (self.active_customer | self.prospect).ids)]),
        )
        campaign.action_send()
        promoter = campaign.user_input_ids.filtered(lambda answer: answer.partner_id == self.active_customer)
        promoter._save_lines(self.question, "10")
        promoter._mark_done()
        self.start_tour(
            "/odoo/action-crm_satisfaction_survey.crm_satisfaction_campaign_action",
            "crm_satisfaction_campaign_nps",
            login="admin",
        )

    def test_manager_sends_a_campaign_now(self):
        campaign = self._campaign(name="Tour send campaign", send_date=fields.Datetime.now() + timedelta(days=3))
        self.start_tour(
            "/odoo/action-crm_satisfaction_survey.crm_satisfaction_campaign_action",
            "crm_satisfaction_campaign_send_now",
            login="admin",
        )
        # The request wrote no invitation: the cron does, right after it.
        self.assertEqual((campaign.state, len(campaign.user_input_ids)), ("scheduled", 0))
        self.assertLessEqual(campaign.send_date, fields.Datetime.now())
