from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged

from .common import nps_survey


@tagged("post_install", "-at_install")
class TestSurveyScores(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.survey, cls.question = nps_survey(cls.env, "NPS test")

    def answer(self, score, state="done"):
        user_input = self.survey._create_answer(partner=self.env["res.partner"].create({"name": f"P{score}"}))
        if score is not None:
            user_input._save_lines(self.question, str(score))
        user_input.state = state
        return user_input

    def test_no_answers_is_empty(self):
        self.assertFalse(self.survey.nps_score)
        self.assertFalse(self.survey.response_rate)
        self.assertEqual(self.survey.satisfaction_answer_count, 0)

    def test_nps_counts_completed_answers_only(self):
        for score in (10, 9, 8, 3):
            self.answer(score)
        self.answer(0, state="in_progress")  # not completed: ignored
        self.answer(None, state="new")  # invited, never answered
        self.survey.invalidate_recordset()
        # 2 promoters, 1 passive, 1 detractor of 4 completed answers
        self.assertAlmostEqual(self.survey.nps_score, 25.0)
        self.assertEqual(self.survey.satisfaction_answer_count, 4)
        self.assertAlmostEqual(self.survey.response_rate, 66.7, places=1)

    def test_only_passives(self):
        for score in (7, 8):
            self.answer(score)
        self.survey.invalidate_recordset()
        self.assertEqual(self.survey.nps_score, 0.0)
        self.assertEqual(self.survey.satisfaction_answer_count, 2)

    def test_metric_needs_matching_scale(self):
        with self.assertRaises(ValidationError):
            self.question.scale_min = 1

    def test_templates_installed(self):
        nps_survey = self.env.ref("crm_satisfaction_survey.survey_relationship_nps")
        self.assertEqual(
            [(question.question_type, question.satisfaction_metric) for question in nps_survey.question_ids],
            [("scale", "nps"), ("text_box", False), ("simple_choice", False)],
        )
        self.assertEqual(
            self.env.ref("crm_satisfaction_survey.survey_service_ces_q_score").scale_max, 7
        )

    def test_detractor_closes_the_loop(self):
        salesperson = self.env["res.users"].create({"name": "Sales", "login": "sat_sales"})
        partner = self.env["res.partner"].create({"name": "Unhappy", "user_id": salesperson.id})
        user_input = self.survey._create_answer(partner=partner)
        user_input._save_lines(self.question, "3")
        user_input._mark_done()
        self.assertEqual(partner.satisfaction_nps_last, 3)
        self.assertEqual(partner.satisfaction_nps_category, "detractor")
        activity = partner.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, salesperson)
        self.assertIn("NPS 3", activity.summary)

    def test_promoter_gets_no_activity(self):
        partner = self.env["res.partner"].create({"name": "Happy"})
        user_input = self.survey._create_answer(partner=partner)
        user_input._save_lines(self.question, "9")
        user_input._mark_done()
        self.assertEqual(partner.satisfaction_nps_category, "promoter")
        self.assertFalse(partner.activity_ids)
