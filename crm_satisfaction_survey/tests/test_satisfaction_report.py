from datetime import datetime

from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from ..lib import satisfaction
from .common import nps_survey


@tagged("post_install", "-at_install")
class TestSatisfactionReport(TransactionCase):
    """The analysis gives the published formulas for any grouping, and shows
    each salesperson the scores of their own customers only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team_north = cls.env["crm.team"].create({"name": "North"})
        cls.team_south = cls.env["crm.team"].create({"name": "South"})
        cls.alice = new_test_user(cls.env, "sat_rep_alice", groups="sales_team.group_sale_salesman")
        cls.bob = new_test_user(cls.env, "sat_rep_bob", groups="sales_team.group_sale_salesman")
        cls.team_north.member_ids = cls.alice
        cls.team_south.member_ids = cls.bob
        cls.all_leads = new_test_user(cls.env, "sat_rep_all", groups="sales_team.group_sale_salesman_all_leads")
        cls.nps_survey, cls.nps_question = nps_survey(cls.env, "Report NPS")
        cls.comment_question = cls.env["survey.question"].create(
            {"survey_id": cls.nps_survey.id, "title": "Why?", "question_type": "text_box"}
        )
        cls.csat_survey = cls.env["survey.survey"].create({"title": "Report CSAT", "access_mode": "token"})
        cls.csat_question = cls.env["survey.question"].create({
            "survey_id": cls.csat_survey.id, "title": "Satisfied?", "question_type": "scale",
            "scale_min": 1, "scale_max": 5, "satisfaction_metric": "csat",
        })
        Campaign = cls.env["crm.satisfaction.campaign"]
        cls.spring = Campaign.create({"name": "Spring", "survey_id": cls.nps_survey.id})
        cls.autumn = Campaign.create({"name": "Autumn", "survey_id": cls.nps_survey.id})
        cls.alice_customer = cls._partner("Alice's customer", cls.alice)
        cls.bob_customer = cls._partner("Bob's customer", cls.bob)
        cls.unassigned = cls._partner("Nobody's customer", None)
        cls.contact = cls.env["res.partner"].create({"name": "Buyer at Alice's", "parent_id": cls.alice_customer.id})
        # spring (March): 10, 9 promoters, 8 passive, 3 detractor with a comment -> NPS 25
        cls._answer(cls.alice_customer, cls.spring, 10, "2026-03-02")
        cls._answer(cls.contact, cls.spring, 9, "2026-03-05")  # counts for the commercial partner
        cls._answer(cls.bob_customer, cls.spring, 8, "2026-03-09")
        cls._answer(cls.unassigned, cls.spring, 3, "2026-03-20", comment="Late deliveries, twice.")
        # autumn (October): Bob's customer turns detractor -> NPS -100 for Bob's team there
        cls._answer(cls.bob_customer, cls.autumn, 5, "2026-10-01", comment="Nobody calls back.")
        # not completed: never counted
        cls._answer(cls.alice_customer, cls.autumn, 0, "2026-10-03", state="in_progress")
        # CSAT outside any campaign: 5, 4, 2 -> 66.7 %
        for score in (5, 4, 2):
            cls._answer(cls.alice_customer, None, score, "2026-04-01", survey=cls.csat_survey,
                        question=cls.csat_question)

    @classmethod
    def _partner(cls, name, salesperson):
        return cls.env["res.partner"].create({
            "name": name, "is_company": True, "user_id": salesperson.id if salesperson else False,
        })

    @classmethod
    def _answer(cls, partner, campaign, score, day, comment=None, state="done", survey=None, question=None):
        survey = survey or cls.nps_survey
        user_input = survey._create_answer(partner=partner, check_attempts=False)
        user_input._save_lines(question or cls.nps_question, str(score))
        if comment:
            user_input._save_lines(cls.comment_question, comment)
        user_input.write({
            "state": state,
            "end_datetime": datetime.fromisoformat(day),
            "satisfaction_campaign_id": campaign.id if campaign else False,
        })
        return user_input

    def _grouped(self, groupby, measures, user=None, domain=()):
        Report = self.env["crm.satisfaction.report"].with_user(user or self.env.user)
        return {
            group[0]: group[1:]
            for group in Report._read_group(list(domain), [groupby], measures)
        }

    def test_nps_per_campaign_is_the_formula(self):
        by_campaign = self._grouped("campaign_id", ["nps:avg", "__count"], domain=[("metric", "=", "nps")])
        self.assertAlmostEqual(by_campaign[self.spring][0], satisfaction.nps([10, 9, 8, 3]))
        self.assertAlmostEqual(by_campaign[self.spring][0], 25.0)
        self.assertEqual(by_campaign[self.spring][1], 4)
        self.assertEqual(by_campaign[self.autumn], (-100.0, 1))  # the in-progress answer is not there

    def test_nps_per_team_salesperson_and_month(self):
        nps = [("metric", "=", "nps")]
        by_team = self._grouped("team_id", ["nps:avg"], domain=nps)
        self.assertAlmostEqual(by_team[self.team_north][0], 100.0)  # 10 and the contact's 9
        self.assertAlmostEqual(by_team[self.team_south][0], satisfaction.nps([8, 5]))
        by_user = self._grouped("user_id", ["__count"], domain=nps)
        self.assertEqual(by_user[self.alice], (2,))
        by_month = self._grouped("date:month", ["nps:avg"], domain=nps)
        self.assertEqual(sorted((day.month, value) for day, (value,) in by_month.items()), [(3, 25.0), (10, -100.0)])

    def test_graph_draws_no_month_without_answers(self):
        """The analysis opens as a line graph per month: a month without
        answers has no NPS, not an NPS of 0 (Odoo's graph fills the empty
        months of a date axis with zeros unless the action says not to)."""
        action = self.env.ref("crm_satisfaction_survey.crm_satisfaction_report_action")
        # The context the web client's graph reads groups with: its default first, the action's over it.
        context = {"fill_temporal": True, **safe_eval(action.context)}
        groups = self.env["crm.satisfaction.report"].with_context(**context).read_group(
            [("metric", "=", "nps")], ["nps:avg"], ["date:month"],
        )
        self.assertEqual([(group["date:month"], group["nps"]) for group in groups],
                         [("March 2026", 25.0), ("October 2026", -100.0)])

    def test_contacts_roll_up_to_their_company(self):
        rows = self.env["crm.satisfaction.report"].search([("metric", "=", "nps"), ("score", "=", 9)])
        self.assertEqual(rows.partner_id, self.alice_customer)
        self.assertEqual(rows.user_id, self.alice)

    def test_csat_and_distribution(self):
        by_metric = self._grouped(
            "metric", ["csat:avg", "nps:avg", "__count"], domain=[("survey_id", "=", self.csat_survey.id)]
        )
        self.assertAlmostEqual(by_metric["csat"][0], satisfaction.csat([5, 4, 2]))
        self.assertFalse(by_metric["csat"][1])  # no NPS in a CSAT survey
        by_score = self._grouped("score", ["__count"], domain=[("metric", "=", "nps")])
        self.assertEqual({score: count for score, (count,) in by_score.items()}, {10: 1, 9: 1, 8: 1, 5: 1, 3: 1})

    def test_detractors_comments(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_satisfaction_survey.crm_satisfaction_report_action_detractors"
        )
        self.assertIn("search_default_negative", action["context"])
        rows = self.env["crm.satisfaction.report"].search(
            [("sentiment", "=", "negative"), ("comment", "!=", False)], order="date"
        )
        self.assertEqual(rows.mapped("comment"), ["Late deliveries, twice.", "Nobody calls back."])
        self.assertEqual(rows.mapped("score"), [3, 5])
        csat_two = self.env["crm.satisfaction.report"].search([("metric", "=", "csat"), ("score", "=", 2)])
        self.assertEqual(csat_two.sentiment, "negative")

    def test_salesperson_sees_own_and_unassigned_customers(self):
        seen = self.env["crm.satisfaction.report"].with_user(self.alice).search([("metric", "=", "nps")])
        self.assertEqual(seen.partner_id, self.alice_customer | self.unassigned)
        by_user = self._grouped("partner_id", ["__count"], user=self.bob, domain=[("metric", "=", "nps")])
        self.assertEqual(set(by_user), {self.bob_customer, self.unassigned})
        everyone = self.env["crm.satisfaction.report"].with_user(self.all_leads).search([("metric", "=", "nps")])
        self.assertEqual(len(everyone), 5)

    def test_other_company_sees_nothing_of_a_campaign(self):
        company_b = self.env["res.company"].create({"name": "Satisfaction B"})
        user_b = new_test_user(
            self.env, "sat_rep_b", groups="sales_team.group_sale_salesman_all_leads,survey.group_survey_manager",
            company_id=company_b.id, company_ids=[(6, 0, company_b.ids)],
        )
        seen = self.env["crm.satisfaction.report"].with_user(user_b).search([("campaign_id", "!=", False)])
        self.assertFalse(seen)

    def test_partner_form_for_a_salesperson_without_survey_rights(self):
        # What the web client asks when Alice opens her customer: the scores
        # tab reads through the analysis, never survey answers she cannot read.
        form = self.alice_customer.with_user(self.alice).web_read({
            "satisfaction_nps_last": {}, "satisfaction_nps_trend": {},
            "satisfaction_score_ids": {"fields": {"score": {}, "metric": {}, "comment": {}}},
        })[0]
        self.assertEqual(sorted(line["score"] for line in form["satisfaction_score_ids"]), [2, 4, 5, 9, 10])
        self.assertNotIn("satisfaction_answer_ids", self.alice_customer.with_user(self.alice).fields_get())

    def test_nps_trend(self):
        self.assertEqual(self.bob_customer.satisfaction_nps_trend, "down")  # 8 in March, 5 in October
        self.assertFalse(self.unassigned.satisfaction_nps_trend)  # one answer: no trend
        self._answer(self.unassigned, self.autumn, 9, "2026-10-15")
        self.unassigned.invalidate_recordset()
        self.assertEqual(self.unassigned.satisfaction_nps_trend, "up")
