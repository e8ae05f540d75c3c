"""The partner's RFM fields read the current run: searched, grouped and
sorted in partner lists as stored fields would be, per company."""

from odoo.tests import tagged

from .common import AS_OF, RfmCase


@tagged("post_install", "-at_install")
class TestRfmPartnerFields(RfmCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.buyers = cls.env["res.partner"]
        for index, amount in enumerate([100, 200, 300, 400, 500, 600]):
            buyer = cls.customer(f"Fields buyer {index}")
            cls.buyers |= buyer
            for month in range(1, index + 2):
                cls.invoice(buyer, f"2026-0{month}-0{index + 1}", amount)
        cls.never_bought = cls.customer("Fields prospect")
        cls.older_run = cls.company._rfm_recompute(as_of=AS_OF.replace(month=3))
        cls.current_run = cls.company._rfm_recompute(as_of=AS_OF)
        cls.everyone = cls.buyers | cls.never_bought
        cls.snapshots = {s.partner_id: s for s in cls.current_run.snapshot_ids if s.partner_id in cls.buyers}

    def search_ids(self, domain, **kwargs):
        return self.env["res.partner"].search([("id", "in", self.everyone.ids), *domain], **kwargs).ids

    def test_values_are_the_current_runs(self):
        self.assertEqual(len(self.snapshots), 6)
        for buyer, snapshot in self.snapshots.items():
            self.assertEqual(
                (buyer.rfm_score, buyer.rfm_segment_id, buyer.rfm_frequency, buyer.rfm_monetary),
                (snapshot.rfm_score, snapshot.segment_id, snapshot.frequency, snapshot.monetary),
            )
        self.assertEqual((self.never_bought.rfm_score, self.never_bought.rfm_segment_id.id), (False, False))

    def test_search_by_value_and_by_empty_value(self):
        segment = self.snapshots[self.buyers[-1]].segment_id
        in_segment = sorted(p.id for p, s in self.snapshots.items() if s.segment_id == segment)
        self.assertEqual(sorted(self.search_ids([("rfm_segment_id", "=", segment.id)])), in_segment)
        self.assertEqual(sorted(self.search_ids([("rfm_segment_id", "=", segment.name)])), in_segment)
        # A partner without a row reads as empty, and matches what empty matches.
        self.assertEqual(self.search_ids([("rfm_segment_id", "=", False)]), self.never_bought.ids)
        self.assertEqual(
            sorted(self.search_ids([("rfm_segment_id", "!=", segment.id)])),
            sorted(set(self.everyone.ids) - set(in_segment)),
        )
        self.assertEqual(sorted(self.search_ids([("rfm_monetary", ">=", 1500)])),
                         sorted(p.id for p, s in self.snapshots.items() if s.monetary >= 1500))
        self.assertEqual(sorted(self.search_ids([("rfm_frequency", "=", 0)])), self.never_bought.ids)

    def test_group_and_sort_by_the_current_run(self):
        groups = self.env["res.partner"]._read_group(
            [("id", "in", self.everyone.ids)], ["rfm_segment_id"], ["__count"]
        )
        expected = {}
        for snapshot in self.snapshots.values():
            expected[snapshot.segment_id] = expected.get(snapshot.segment_id, 0) + 1
        expected[self.env["crm.rfm.segment"]] = 1
        self.assertEqual(dict(groups), expected)
        by_monetary = self.search_ids([("rfm_score", "!=", False)], order="rfm_monetary desc")
        self.assertEqual(by_monetary, [p.id for p, _s in sorted(self.snapshots.items(), key=lambda i: -i[1].monetary)])
        self.assertEqual(self.search_ids([], order="rfm_score, id")[-1], self.never_bought.id, "empty sorts last")

    def test_another_company_shows_its_own_run(self):
        other = self.setup_other_company()["company"]
        buyer = self.buyers[0]
        self.invoice(buyer, "2026-05-12", 70, company=other)
        other._rfm_recompute(as_of=AS_OF)
        in_other = buyer.with_company(other)
        self.assertEqual((in_other.rfm_frequency, in_other.rfm_monetary), (1, 70.0))
        self.assertEqual(buyer.rfm_monetary, self.snapshots[buyer].monetary)
        self.assertEqual(
            self.env["res.partner"].with_company(other).search([("rfm_monetary", "=", 70.0),
                                                                   ("id", "in", self.everyone.ids)]),
            buyer,
        )
