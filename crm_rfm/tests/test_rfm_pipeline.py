"""The customer's RFM segment in the pipeline and on quotations: on the card,
searched by name and grouped, for every salesperson."""

from lxml import etree

from odoo.tests import new_test_user, tagged

from .common import RfmCase


@tagged("post_install", "-at_install")
class TestRfmInThePipeline(RfmCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.score_by_fixed_thresholds()
        # As of 30 June: Ann bought 10 days before (R5 F1: New), Ben 176 days before (R3 F1: About to Sleep).
        cls.ann = cls.customer("Ann", is_company=True)
        cls.invoice(cls.ann, "2026-06-20", 100)
        cls.ben = cls.customer("Ben")
        cls.invoice(cls.ben, "2026-01-05", 100)
        cls.ann_contact = cls.customer("Ann's buyer", parent_id=cls.ann.id)
        cls.salesman = new_test_user(cls.env, "rfm_pipeline_sales", groups="sales_team.group_sale_salesman",
                                     company_id=cls.company.id, company_ids=[cls.company.id])
        cls.leads = cls.env["crm.lead"].create([
            {"name": name, "type": "opportunity", "partner_id": partner.id, "user_id": cls.salesman.id}
            for name, partner in (("Ann 1", cls.ann), ("Ann 2", cls.ann_contact), ("Ben 1", cls.ben))
        ])
        cls.company._rfm_recompute(as_of="2026-06-30")

    def test_leads_by_segment(self):
        Lead = self.env["crm.lead"].with_user(self.salesman)
        groups = Lead._read_group([("id", "in", self.leads.ids)], ["rfm_segment_id"], ["__count"])
        self.assertEqual({segment.name: count for segment, count in groups}, {"New": 2, "About to Sleep": 1})
        found = Lead.search([("id", "in", self.leads.ids), ("rfm_segment_id", "ilike", "sleep")])
        self.assertEqual(found.mapped("name"), ["Ben 1"])
        search = etree.fromstring(Lead.get_view(self.env.ref("crm.view_crm_case_opportunities_filter").id,
                                                "search")["arch"])
        self.assertTrue(search.xpath("//filter[@name='group_rfm_segment']"))
        kanban = etree.fromstring(Lead.get_view(view_type="kanban")["arch"])
        self.assertEqual(kanban.xpath("//field[@name='rfm_segment_id']")[0].get("widget"), "badge")
