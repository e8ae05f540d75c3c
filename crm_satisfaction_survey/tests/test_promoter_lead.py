from odoo.tests import new_test_user, tagged

from .common import SatisfactionCampaignCase


@tagged("post_install", "-at_install")
class TestPromoterLead(SatisfactionCampaignCase):
    """Closed loop, happy side: a promoter who asks to be contacted gets a lead for the salesperson."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contact_question = cls.env["survey.question"].create({
            "survey_id": cls.survey.id,
            "title": "Shall we call you?",
            "question_type": "simple_choice",
            "suggested_answer_ids": [
                (0, 0, {"value": "Yes", "sequence": 1, "satisfaction_contact_request": True}),
                (0, 0, {"value": "No", "sequence": 2}),
            ],
        })
        cls.yes, cls.no = cls.contact_question.suggested_answer_ids.sorted("sequence")
        cls.salesperson = new_test_user(cls.env, "sat_promoter_salesperson", groups="sales_team.group_sale_salesman")
        cls.active_customer.user_id = cls.salesperson

    def _completed_answer(self, score, choice=None, comment=None):
        """A new campaign to the active customer, answered with ``score``, ``choice`` and ``comment``."""
        campaign = self._campaign()
        campaign.action_send()
        answer = campaign.user_input_ids
        answer._save_lines(self.question, str(score))
        if choice:
            answer._save_lines(self.contact_question, str(choice.id))
        if comment:
            answer._save_lines(self.comment_question, comment)
        answer._mark_done()
        return answer

    def _call_back_leads(self):
        return self.env["crm.lead"].search([
            ("partner_id", "=", self.active_customer.id), ("satisfaction_user_input_id", "!=", False),
        ])

    def test_promoter_who_asks_gets_one_lead_for_the_salesperson(self):
        answer = self._completed_answer(10, self.yes, "Tell me about the new range\nand the prices")
        lead = self._call_back_leads()
        self.assertEqual(len(lead), 1)
        self.assertEqual(lead.name, "Active asked to be contacted (NPS 10)")
        self.assertEqual(
            (lead.user_id, lead.partner_id, lead.company_id, lead.satisfaction_user_input_id),
            (self.salesperson, self.active_customer, self.env.company, answer),
        )
        self.assertEqual(lead.type, "lead" if self.salesperson.has_group("crm.group_use_lead") else "opportunity")
        self.assertEqual(str(lead.description), "<p>Tell me about the new range<br>and the prices</p>")
        self.assertFalse(self.active_customer.activity_ids, "a promoter needs no follow-up activity")
        # The salesperson reads the lead (it is theirs) without access to survey answers.
        self.assertEqual(lead.with_user(self.salesperson).name, lead.name)
        # Closing the loop again on the same answer opens no second lead.
        answer._satisfaction_close_loop()
        self.assertEqual(self._call_back_leads(), lead)

    def test_no_lead_without_the_request_or_for_a_customer_who_is_not_happy(self):
        self._completed_answer(10, self.no)
        self._completed_answer(9)
        self._completed_answer(8, self.yes)  # a passive
        self.assertFalse(self._call_back_leads())
        # A detractor who asks gets the follow-up activity, not a sales lead.
        self._completed_answer(3, self.yes, "Broken on arrival")
        self.assertFalse(self._call_back_leads())
        self.assertEqual(len(self.active_customer.activity_ids), 1)
        self.assertIn("NPS 3", self.active_customer.activity_ids.summary)

    def test_without_salesperson_the_survey_responsible_gets_the_lead(self):
        self.active_customer.user_id = False
        responsible = new_test_user(self.env, "sat_survey_responsible", groups="survey.group_survey_user")
        self.survey.user_id = responsible
        self._completed_answer(9, self.yes)
        self.assertEqual(self._call_back_leads().user_id, responsible)

    def test_ready_made_nps_survey_asks_for_a_call_back(self):
        question = self.env.ref("crm_satisfaction_survey.survey_relationship_nps_q_contact")
        self.assertEqual(question.survey_id, self.env.ref("crm_satisfaction_survey.survey_relationship_nps"))
        self.assertEqual(
            [(choice.value, choice.satisfaction_contact_request) for choice in question.suggested_answer_ids],
            [("Yes, please contact me", True), ("No, thank you", False)],
        )
