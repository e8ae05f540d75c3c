"""Partners merged or archived between two runs: the history of the earlier
run stays readable, the next run scores what the partners are now."""

from odoo.tests import tagged

from .common import AS_OF, RfmCase


@tagged("post_install", "-at_install")
class TestRfmPartnerChangesBetweenRuns(RfmCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.kept = cls.customer("Kept Ltd", email="kept@example.com")
        cls.duplicate = cls.customer("Kept Limited", email="kept@example.com")
        cls.archived = cls.customer("Gone Away")
        cls.others = [cls.customer(f"Other {index}") for index in range(4)]
        cls.invoice(cls.kept, "2026-03-01", 100)
        cls.invoice(cls.duplicate, "2026-06-01", 50)
        cls.invoice(cls.archived, "2026-05-01", 70)
        for index, partner in enumerate(cls.others):
            cls.invoice(partner, f"2026-0{index + 2}-10", 10 * (index + 1))
        cls.first_run = cls.company._rfm_recompute(as_of=AS_OF)

    def test_merged_partners_are_scored_as_one_and_keep_their_history(self):
        self.env["base.partner.merge.automatic.wizard"]._merge(
            (self.kept | self.duplicate).ids, self.kept, extra_checks=False,
        )
        self.assertFalse(self.duplicate.exists())
        # The first run's rows of both now point to the merged partner: the
        # history still says what each was then.
        first_rows = self.first_run.snapshot_ids.filtered(lambda s: s.partner_id == self.kept)
        self.assertEqual(sorted(first_rows.mapped("monetary")), [50.0, 100.0])
        self.assertEqual(len(self.first_run.snapshot_ids), 7)
        # Until the next run, the kept partner shows one of the two rows (the
        # larger), in its form as in partner lists grouped or sorted by it.
        picked = first_rows.sorted("monetary", reverse=True)[0]
        self.assertEqual(self.kept.rfm_monetary, 100.0)
        partners = self.env["res.partner"]
        self.assertEqual(partners._read_group([("id", "=", self.kept.id)], ["rfm_segment_id"], ["__count"]),
                         [(picked.segment_id, 1)])
        self.assertEqual(partners._read_group([("id", "=", self.kept.id)], [], ["rfm_monetary:sum"]), [(100.0,)])
        self.assertEqual(partners.search([("id", "=", self.kept.id)], order="rfm_monetary desc").ids, self.kept.ids)

        run = self.company._rfm_recompute(as_of=AS_OF)
        row = run.snapshot_ids.filtered(lambda s: s.partner_id == self.kept)
        self.assertEqual((len(row), row.frequency, row.monetary), (1, 2, 150.0))
        self.assertEqual(self.kept.rfm_frequency, 2)
        self.assertEqual(str(row.last_purchase_date), "2026-06-01")
        self.assertEqual(run.scored_count, 6)

    def test_an_archived_customer_keeps_its_scores(self):
        # Archiving hides a contact; its purchases remain sales of the period.
        self.archived.action_archive()
        run = self.company._rfm_recompute(as_of=AS_OF)
        row = run.snapshot_ids.filtered(lambda s: s.partner_id == self.archived)
        self.assertEqual((row.frequency, row.monetary), (1, 70.0))
        self.assertEqual(self.archived.with_context(active_test=False).rfm_score, row.rfm_score)
