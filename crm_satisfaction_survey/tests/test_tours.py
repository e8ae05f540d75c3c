from odoo.tests import HttpCase, tagged

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
        self.assertEqual(self.active_customer.satisfaction_nps_category, "promoter")

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
