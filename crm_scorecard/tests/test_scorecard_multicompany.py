from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import ScorecardCase


@tagged("post_install", "-at_install")
class TestScorecardMultiCompany(ScorecardCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.setup_other_company()["company"]
        shared = cls.customer("Shared customer")
        cls.invoice(shared, "2026-01-10", 100)
        cls.invoice(cls.customer("Only A"), "2026-01-10", 50)
        # Company B sells much more, to the same shared partner and others.
        cls.invoice(shared, "2026-01-12", 1000, company=cls.company_b)
        for index in range(3):
            cls.invoice(cls.customer(f"Only B {index}"), "2026-01-12", 1000, company=cls.company_b)

    def test_a_scorecard_never_includes_another_company(self):
        self.company._scorecard_compute(date(2026, 1, 1), date(2026, 1, 31))
        self.company_b._scorecard_compute(date(2026, 1, 1), date(2026, 1, 31))
        a, b = self.values(self.company), self.values(self.company_b)
        self.assertEqual(a["active_customers"]["2026-01-01"], 2)
        self.assertEqual(a["net_revenue"]["2026-01-01"], 150.0)
        self.assertEqual(b["active_customers"]["2026-01-01"], 4)
        self.assertEqual(b["net_revenue"]["2026-01-01"], 4000.0)

    def test_users_see_the_scorecards_of_their_companies_only(self):
        self.company._scorecard_compute(date(2026, 1, 1), date(2026, 1, 31))
        self.company_b._scorecard_compute(date(2026, 1, 1), date(2026, 1, 31))
        user_a = new_test_user(self.env, "sc_user_a", groups="sales_team.group_sale_salesman",
                               company_id=self.company.id, company_ids=[self.company.id])
        Value = self.env["crm.scorecard.value"].with_user(user_a)
        self.assertEqual(Value.search([]).company_id, self.company)
        data = Value.get_dashboard_data()
        self.assertEqual(data["company_id"], self.company.id)
        self.assertEqual(data["companies"], [[self.company.id, self.company.name]])
        with self.assertRaises(UserError):
            Value.get_dashboard_data(company_id=self.company_b.id)
        value_b = self.env["crm.scorecard.value"].search([("company_id", "=", self.company_b.id)], limit=1)
        with self.assertRaises(AccessError):
            Value.action_open_value(value_b.id)


@tagged("post_install", "-at_install")
class TestScorecardSatisfactionPerCompany(ScorecardCase):
    """A customer shared by two companies (no company on the partner, Odoo's
    default) answers each company's campaign: each company's NPS counts its
    own campaign's answer, and the answer given outside any campaign counts
    for both, since it belongs to neither."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.setup_other_company()["company"]
        cls.shared = cls.customer("Shared customer")
        cls.shared.company_id = False
        cls.invoice(cls.shared, "2026-03-02", 100)
        cls.invoice(cls.shared, "2026-03-03", 100, company=cls.company_b)
        cls.survey = cls.env["survey.survey"].sudo().create({
            "title": "NPS",
            "question_and_page_ids": [(0, 0, {
                "title": "Recommend us?", "question_type": "scale", "scale_min": 0, "scale_max": 10,
                "satisfaction_metric": "nps",
            })],
        })
        Campaign = cls.env["crm.satisfaction.campaign"].sudo()
        cls.campaign_a = Campaign.create({"name": "A", "survey_id": cls.survey.id, "company_id": cls.company.id})
        cls.campaign_b = Campaign.create({"name": "B", "survey_id": cls.survey.id, "company_id": cls.company_b.id})
        cls.answer_a = cls.answer(cls.campaign_a, 10)
        cls.answer_b = cls.answer(cls.campaign_b, 0)

    @classmethod
    def answer(cls, campaign, score):
        user_input = cls.env["survey.user_input"].sudo().create({
            "survey_id": cls.survey.id, "partner_id": cls.shared.id, "satisfaction_campaign_id": campaign.id,
            "user_input_line_ids": [(0, 0, {
                "question_id": cls.survey.question_ids.id, "answer_type": "scale", "value_scale": score,
            })],
        })
        user_input._mark_done()
        user_input.end_datetime = "2026-03-12 09:00:00"
        # Invitations count in the period they were sent (created).
        user_input.flush_recordset()
        cls.env.cr.execute("UPDATE survey_user_input SET create_date = '2026-03-05' WHERE id = %s", [user_input.id])
        return user_input

    def nps(self, company):
        company._scorecard_compute(date(2026, 3, 1), date(2026, 3, 31))
        values = self.values(company)
        return values["nps"]["2026-03-01"], values["survey_response_rate"]["2026-03-01"]

    def test_each_company_counts_its_own_campaign(self):
        # Before: both answers counted for both companies, NPS 0 in each.
        self.assertEqual(self.nps(self.company), (100.0, 100.0))
        self.assertEqual(self.nps(self.company_b), (-100.0, 100.0))

    def test_an_answer_outside_any_campaign_counts_for_both(self):
        self.answer_b.satisfaction_campaign_id = False
        self.assertEqual(self.nps(self.company), (0.0, 100.0))
        self.assertEqual(self.nps(self.company_b), (-100.0, 100.0))

    def test_drill_down_lists_the_company_answers(self):
        self.nps(self.company_b)
        value = self.env["crm.scorecard.value"].search([
            ("company_id", "=", self.company_b.id), ("kpi_id.code", "=", "nps"), ("team_id", "=", False),
            ("period_start", "=", "2026-03-01"),
        ])
        action = value.action_open_records()
        self.assertEqual(self.env["survey.user_input"].search(action["domain"]), self.answer_b)
