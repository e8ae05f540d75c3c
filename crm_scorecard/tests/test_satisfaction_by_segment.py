from odoo.tests import TransactionCase, tagged

from odoo.addons.crm_satisfaction_survey.tests.common import nps_survey


@tagged("post_install", "-at_install")
class TestSatisfactionBySegment(TransactionCase):
    """NPS per RFM segment and pyramid level: the customer's current ones."""

    def test_nps_grouped_by_segment_and_level(self):
        survey, question = nps_survey(self.env, "Segment NPS")
        champions = self.env.ref("crm_rfm.segment_champions")
        at_risk = self.env.ref("crm_rfm.segment_at_risk")
        campaign = self.env["crm.satisfaction.campaign"].create({"name": "Segments", "survey_id": survey.id})
        scores = [(champions, "top", 10), (champions, "top", 9), (at_risk, "small", 4), (at_risk, "small", 8)]
        for index, (segment, level, score) in enumerate(scores):
            partner = self.env["res.partner"].create({"name": f"Segment customer {index}"})
            # Results of the latest runs in the campaign's company, as the crons write them.
            partner.write({"rfm_segment_id": segment.id, "value_pyramid_level": level})
            user_input = survey._create_answer(partner=partner, check_attempts=False)
            user_input._save_lines(question, str(score))
            user_input.write({"state": "done", "satisfaction_campaign_id": campaign.id})
        Report = self.env["crm.satisfaction.report"]
        by_segment = dict(Report._read_group([("survey_id", "=", survey.id)], ["rfm_segment_id"], ["nps:avg"]))
        self.assertEqual(by_segment, {champions: 100.0, at_risk: -50.0})
        by_level = dict(Report._read_group([("survey_id", "=", survey.id)], ["value_pyramid_level"], ["__count"]))
        self.assertEqual(by_level, {"top": 2, "small": 2})
