import json

from odoo import http
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.crm_customer_value_base.tests.security_matrix import SecurityMatrixCase
from odoo.addons.crm_satisfaction_survey.tests.common import nps_survey

ALL = {"read", "write", "create", "unlink"}


@tagged("post_install", "-at_install")
class TestSatisfactionSecurityMatrix(SecurityMatrixCase):
    """Campaigns, answers and the satisfaction analysis, for every role.

    Here rather than in crm_satisfaction_survey: the matrix helper lives in
    crm_rfm, which the survey addon does not depend on; the scorecard is where
    the four addons meet.
    """

    # The Customer Value Manager is a salesperson for satisfaction: he sees
    # the scores of his own customers only (none here).
    ROLE_GROUPS = {
        **SecurityMatrixCase.ROLE_GROUPS, "survey_manager": "survey.group_survey_manager",
        "value_manager": "crm_customer_value_base.group_value_manager",
    }
    # The other company's user has every right on these models in its own
    # company: only the company rules can keep it out.
    OTHER_COMPANY_GROUPS = "sales_team.group_sale_salesman_all_leads,survey.group_survey_manager"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        survey, question = nps_survey(cls.env, "Security NPS")
        cls.campaign = cls.env["crm.satisfaction.campaign"].create({
            "name": "Security campaign", "survey_id": survey.id, "company_id": cls.company.id,
        })
        Partner = cls.env["res.partner"]
        cls.own_customer = Partner.create({"name": "Salesman's customer", "user_id": cls.users["salesman"].id})
        cls.colleague_customer = Partner.create({
            "name": "Manager's customer", "user_id": cls.users["sales_manager"].id,
        })
        cls.answers = {}
        for partner, score in ((cls.own_customer, 9), (cls.colleague_customer, 3)):
            answer = survey._create_answer(partner=partner, check_attempts=False)
            answer._save_lines(question, str(score))
            answer.write({"state": "done", "satisfaction_campaign_id": cls.campaign.id})
            cls.answers[partner] = answer
        Report = cls.env["crm.satisfaction.report"]
        cls.own_score = Report.search([("partner_id", "=", cls.own_customer.id)])
        cls.colleague_score = Report.search([("partner_id", "=", cls.colleague_customer.id)])

    def test_campaigns(self):
        self.assert_matrix(self.campaign, {
            "portal": set(), "salesman": {"read"}, "sales_manager": {"read"}, "survey_manager": ALL,
            "value_manager": {"read"}, "other_company": set(),
        }, {"name": "Renamed"})

    def test_answers_only_for_survey_users_of_the_company(self):
        self.assert_matrix(self.answers[self.own_customer], {
            "portal": set(), "salesman": set(), "sales_manager": set(), "survey_manager": ALL,
            "value_manager": set(), "other_company": set(),
        }, {"state": "in_progress"})

    def test_scores_of_own_customers(self):
        self.assertEqual(self.own_score.score, 9)
        self.assert_matrix(self.own_score, {
            "portal": set(), "salesman": {"read"}, "sales_manager": {"read"}, "survey_manager": {"read"},
            "value_manager": set(), "other_company": set(),
        }, {"score": 0}, hidden_by_rules={"value_manager"})

    def test_scores_of_a_colleague_customer_hidden_from_a_salesman(self):
        self.assertEqual(self.colleague_score.sentiment, "negative")
        self.assert_matrix(self.colleague_score, {
            "portal": set(), "salesman": set(), "sales_manager": {"read"}, "survey_manager": {"read"},
            "value_manager": set(), "other_company": set(),
        }, {"score": 10}, hidden_by_rules={"salesman", "value_manager"})

    def test_export_gives_a_salesman_his_customers_only(self):
        # What "Export" in the list view sends, by a salesman allowed to export:
        # rows outside the rules never leave, whether asked by id or by domain.
        self.users["salesman"].groups_id += self.env.ref("base.group_allow_export")
        self.authenticate("sec_salesman", "sec_salesman_pwd")

        def export(ids, domain):
            fields = [{"name": "partner_id", "label": "Customer"}, {"name": "score", "label": "Score"}]
            data = {"model": "crm.satisfaction.report", "fields": fields, "ids": ids, "domain": domain,
                    "import_compat": False}
            token = http.Request.csrf_token(self)
            return self.url_open("/web/export/csv", data={"data": json.dumps(data), "csrf_token": token})

        by_domain = export(False, [("id", "in", (self.own_score | self.colleague_score).ids)])
        self.assertEqual(by_domain.status_code, 200)
        self.assertEqual(by_domain.text.splitlines()[1:], ['"Salesman\'s customer","9"'])
        with mute_logger("odoo.addons.web.controllers.export"):
            by_ids = export((self.own_score | self.colleague_score).ids, [])
        self.assertNotIn("Manager's customer", by_ids.text)
