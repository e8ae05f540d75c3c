from odoo.exceptions import ValidationError
from odoo.tests import tagged

from odoo.addons.crm_rfm.tests.common import AS_OF, RfmCase
from odoo.addons.crm_satisfaction_survey.tests.common import nps_survey

from .. import _move_campaign_segments


@tagged("post_install", "-at_install")
class TestCampaignToAnRfmSegment(RfmCase):
    """A campaign to the customers of one RFM segment of its company's current run."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.loyal = cls.customer("Loyal", email="loyal@example.com")
        cls.lapsed = cls.customer("Lapsed", email="lapsed@example.com")
        for day in ("2026-04-10", "2026-05-10", "2026-06-20"):
            cls.invoice(cls.loyal, day, 500)
        cls.invoice(cls.lapsed, "2024-09-01", 50)
        cls.company._rfm_recompute(as_of=AS_OF)
        # Campaigns are run by survey managers.
        cls.env.user.groups_id |= cls.env.ref("survey.group_survey_manager")
        cls.survey, _question = nps_survey(cls.env, "Segment NPS")

    def campaign(self, segment):
        return self.env["crm.satisfaction.campaign"].with_company(self.company).create({
            "name": "To a segment", "survey_id": self.survey.id, "company_id": self.company.id,
            "audience": "rfm_segment", "rfm_segment_id": segment.id, "exclude_days": 0,
        })

    def test_the_segment_customers_are_invited(self):
        self.assertIn(("rfm_segment", "RFM segment"), self.env["crm.satisfaction.campaign"]._selection_audience())
        partners = self.loyal | self.lapsed
        loyal_segment = self.loyal.with_company(self.company).rfm_segment_id
        lapsed_segment = self.lapsed.with_company(self.company).rfm_segment_id
        self.assertTrue(loyal_segment and lapsed_segment)
        self.assertNotEqual(loyal_segment, lapsed_segment)
        self.assertEqual(self.campaign(loyal_segment)._audience_partners() & partners, self.loyal)
        self.assertEqual(self.campaign(lapsed_segment)._audience_partners() & partners, self.lapsed)

    def test_the_segment_is_that_of_the_campaign_company(self):
        """A customer shared by two companies (no company on the partner) is in the segment of each
        company's own current run: company B's campaign reads company B's run."""
        other = self.setup_other_company()["company"]
        shared = self.customer("Shared", email="shared@example.com", company_id=False)
        for day in ("2026-04-10", "2026-05-10", "2026-06-20"):
            self.invoice(shared, day, 500)  # loyal in this company
        self.invoice(shared, "2024-09-01", 50, company=other)  # lapsed in the other one
        self.invoice(self.customer("Other's regular"), "2026-06-01", 80, company=other)
        self.company._rfm_recompute(as_of=AS_OF)
        other._rfm_recompute(as_of=AS_OF)
        here = shared.with_company(self.company).rfm_segment_id
        there = shared.with_company(other).rfm_segment_id
        self.assertTrue(here and there)
        self.assertNotEqual(here, there)
        campaign = self.campaign(here)
        self.assertIn(shared, campaign._audience_partners())
        campaign_there = self.env["crm.satisfaction.campaign"].with_company(other).create({
            "name": "Other company", "survey_id": self.survey.id, "company_id": other.id,
            "audience": "rfm_segment", "rfm_segment_id": here.id, "exclude_days": 0,
        })
        self.assertNotIn(shared, campaign_there._audience_partners())

    def test_the_segment_is_required(self):
        with self.assertRaisesRegex(ValidationError, "customers of one RFM segment: choose which"):
            self.campaign(self.env["crm.rfm.segment"])

    def test_segments_of_campaigns_made_before_the_bridge_are_kept(self):
        segment = self.loyal.with_company(self.company).rfm_segment_id
        campaign = self.campaign(segment)
        # As crm_satisfaction_survey stored it before: the segment id as a string, in its own column.
        self.env.cr.execute("ALTER TABLE crm_satisfaction_campaign ADD COLUMN IF NOT EXISTS rfm_segment varchar")
        self.env.cr.execute(
            "UPDATE crm_satisfaction_campaign SET rfm_segment = %s, rfm_segment_id = NULL WHERE id = %s",
            [str(segment.id), campaign.id],
        )
        campaign.invalidate_recordset()
        self.assertFalse(campaign.rfm_segment_id)
        _move_campaign_segments(self.env)
        campaign.invalidate_recordset()
        self.assertEqual(campaign.rfm_segment_id, segment)
