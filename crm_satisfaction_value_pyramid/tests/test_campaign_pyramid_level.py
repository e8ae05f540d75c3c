from odoo.exceptions import ValidationError
from odoo.tests import tagged

from odoo.addons.crm_satisfaction_survey.tests.common import nps_survey
from odoo.addons.crm_value_pyramid.tests.common import MAY_FROM, MAY_TO, ValueCase


@tagged("post_install", "-at_install")
class TestCampaignToAPyramidLevel(ValueCase):
    """A campaign to the customers of one level of its company's current value run."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.buyer = cls.customer("Buyer", email="buyer@example.com")
        cls.former = cls.customer("Former", email="former@example.com")
        cls.invoice(cls.buyer, "2026-05-10", 1000)
        cls.invoice(cls.former, "2025-01-10", 100)
        cls.company._value_pyramid_recompute(MAY_FROM, MAY_TO)
        # Campaigns are run by survey managers.
        cls.env.user.groups_id |= cls.env.ref("survey.group_survey_manager")
        cls.survey, _question = nps_survey(cls.env, "Level NPS")

    def campaign(self, level):
        return self.env["crm.satisfaction.campaign"].with_company(self.company).create({
            "name": "To a level", "survey_id": self.survey.id, "company_id": self.company.id,
            "audience": "pyramid_level", "pyramid_level": level, "exclude_days": 0,
        })

    def test_the_level_customers_are_invited(self):
        partners = self.buyer | self.former
        self.assertEqual(self.former.with_company(self.company).value_pyramid_level, "inactive")
        self.assertEqual(self.campaign("inactive")._audience_partners() & partners, self.former)
        top = self.buyer.with_company(self.company).value_pyramid_level
        self.assertIn(top, ("top", "big", "medium", "small"))
        self.assertEqual(self.campaign(top)._audience_partners() & partners, self.buyer)

    def test_the_level_is_required(self):
        with self.assertRaisesRegex(ValidationError, "customers of one Pyramid level: choose which"):
            self.campaign(False)
