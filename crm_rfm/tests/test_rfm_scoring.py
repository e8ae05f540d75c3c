from datetime import date

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import AS_OF, RfmCase


def quantile_score(value, values, bins=5):
    """The documented rule: 1 + floor(bins * (count strictly lower) / N)."""
    return 1 + bins * sum(1 for other in values if other < value) // len(values)


@tagged("post_install", "-at_install")
class TestRfmScoring(RfmCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Seven customers; frequencies 1,1,2,3,3,3,6 (ties on purpose), the
        # last purchases spread over the window, amounts with ties too.
        cls.plan = {
            "Ada": [("2026-06-20", 100)],
            "Bo": [("2026-01-10", 100)],
            "Cy": [("2025-11-01", 50), ("2026-06-20", 250)],
            "Di": [("2025-01-05", 100), ("2025-02-05", 100), ("2025-03-05", 100)],
            "Ed": [("2025-08-01", 40), ("2026-03-01", 40), ("2026-05-01", 220)],
            "Flo": [("2024-09-01", 500), ("2024-10-01", 500), ("2024-11-01", 500)],
            "Gus": [(f"2026-0{month}-15", 1000) for month in range(1, 7)],
        }
        cls.customers = {}
        for name, purchases in cls.plan.items():
            partner = cls.customer(name)
            cls.customers[name] = partner
            for day, amount in purchases:
                cls.invoice(partner, day, amount)
        cls.rfm_run = cls.company._rfm_recompute(as_of=AS_OF)

    def test_quantile_scores_follow_the_rule_with_ties(self):
        last = {n: max(date.fromisoformat(d) for d, _a in p) for n, p in self.plan.items()}
        freq = {n: len(p) for n, p in self.plan.items()}
        money = {n: sum(a for _d, a in p) for n, p in self.plan.items()}
        for name, partner in self.customers.items():
            snap = self.snapshot_of(self.rfm_run, partner)
            self.assertEqual(len(snap), 1)
            self.assertEqual(snap.r_score, quantile_score(last[name], list(last.values())), name)
            self.assertEqual(snap.f_score, quantile_score(freq[name], list(freq.values())), name)
            self.assertEqual(snap.m_score, quantile_score(money[name], list(money.values())), name)
        # The ties spelt out: Ada and Cy bought last on the same day, Ada and
        # Bo once each, Di, Ed and Flo three times.
        snaps = {name: self.snapshot_of(self.rfm_run, p) for name, p in self.customers.items()}
        self.assertEqual(snaps["Ada"].r_score, snaps["Cy"].r_score)
        self.assertEqual((snaps["Ada"].f_score, snaps["Bo"].f_score), (1, 1))
        self.assertEqual({snaps[n].f_score for n in ("Di", "Ed", "Flo")}, {3})
        self.assertEqual(snaps["Gus"].f_score, 5)
        self.assertEqual(snaps["Gus"].rfm_score, f"{snaps['Gus'].r_score}55")

    def test_values_and_partner_fields(self):
        gus = self.customers["Gus"]
        snap = self.snapshot_of(self.rfm_run, gus)
        self.assertEqual(snap.last_purchase_date, date(2026, 6, 15))
        self.assertEqual(snap.recency_days, 15)
        self.assertEqual(snap.frequency, 6)
        self.assertAlmostEqual(snap.monetary, 6000.0)
        self.assertEqual(gus.rfm_frequency, 6)
        self.assertEqual(gus.rfm_score, snap.rfm_score)
        self.assertEqual(gus.rfm_segment_id, snap.segment_id)
        self.assertEqual(self.company.rfm_current_run_id, self.rfm_run)
        self.assertEqual(self.rfm_run.scored_count, 7)

    def test_partner_recency_counts_to_the_current_run_date(self):
        gus, ada = self.customers["Gus"], self.customers["Ada"]
        never_bought = self.customer("Window Shopper")
        self.assertEqual((gus.rfm_recency_days, ada.rfm_recency_days), (15, 10))
        recent = self.env["res.partner"].search([("rfm_recency_days", "<=", 12)])
        self.assertIn(ada, recent)
        self.assertNotIn(gus, recent)
        self.assertEqual(never_bought.rfm_recency_days, 0)
        self.assertNotIn(never_bought, self.env["res.partner"].search([("rfm_recency_days", ">=", 0)]),
                         "no purchase, no recency")
        self.company._rfm_recompute(as_of=date(2026, 7, 10))
        self.assertEqual(gus.rfm_recency_days, 25, "a later run counts further")

    def test_a_rerun_writes_no_partner_row_and_the_partner_shows_the_new_run(self):
        # The partner fields read the current run's snapshot: publishing a
        # run rewrites no res_partner row, however many values change.
        def row_versions():
            self.env.cr.execute("SELECT id, ctid::text FROM res_partner WHERE id IN %s",
                                [tuple(p.id for p in self.customers.values())])
            return dict(self.env.cr.fetchall())

        ada = self.customers["Ada"]
        self.assertEqual((ada.rfm_frequency, ada.rfm_monetary), (1, 100.0))
        self.invoice(ada, "2026-06-29", 5000)
        before = row_versions()
        run = self.company._rfm_recompute(as_of=AS_OF)
        self.assertEqual(row_versions(), before, "no partner row rewritten")
        self.assertEqual((ada.rfm_frequency, ada.rfm_monetary), (2, 5100.0))
        self.assertEqual(ada.rfm_score, self.snapshot_of(run, ada).rfm_score)
        self.assertEqual(ada.rfm_segment_id, self.snapshot_of(run, ada).segment_id)

    def test_every_scored_customer_gets_exactly_one_segment(self):
        self.assertEqual(len(self.rfm_run.snapshot_ids), 7)
        self.assertTrue(all(self.rfm_run.snapshot_ids.mapped("segment_id")))
        gus = self.snapshot_of(self.rfm_run, self.customers["Gus"])
        if gus.r_score == 5:
            self.assertEqual(gus.segment_id, self.env.ref("crm_rfm.segment_champions"))

    def test_customers_without_purchase_in_window_get_no_score(self):
        # Di's and Flo's purchases all fall before a 12-month window ending at AS_OF.
        flo = self.customers["Flo"]
        self.assertTrue(flo.rfm_segment_id)
        self.company.rfm_window_months = 12
        run = self.company._rfm_recompute(as_of=AS_OF)
        for name in ("Di", "Flo"):
            partner = self.customers[name]
            self.assertFalse(self.snapshot_of(run, partner))
            self.assertEqual((partner.rfm_r_score, partner.rfm_f_score, partner.rfm_m_score), (0, 0, 0))
            self.assertFalse(partner.rfm_segment_id)
            self.assertFalse(partner.rfm_score)
        self.assertEqual(run.scored_count, 5)

    def test_transitions_between_runs(self):
        self.assertFalse(self.rfm_run.snapshot_ids.previous_segment_id, "the first run has no previous segment")
        before = {s.partner_id: s.segment_id for s in self.rfm_run.snapshot_ids}
        # A year later Bo, who had bought once, has become a regular buyer.
        for month in range(1, 6):
            self.invoice(self.customers["Bo"], f"2027-0{month}-20", 400)
        later = self.company._rfm_recompute(as_of=date(2027, 6, 30))
        for snapshot in later.snapshot_ids:
            self.assertEqual(snapshot.previous_segment_id, before[snapshot.partner_id])
        groups = self.env["crm.rfm.snapshot"]._read_group(
            [("run_id", "=", later.id)], ["previous_segment_id", "segment_id"], ["__count"]
        )
        self.assertEqual(sum(count for _previous, _segment, count in groups), len(later.snapshot_ids))
        bo = self.snapshot_of(later, self.customers["Bo"])
        self.assertEqual(bo.previous_segment_id, before[self.customers["Bo"]])
        self.assertEqual(bo.segment_id, self.env.ref("crm_rfm.segment_champions"))
        self.assertNotEqual(bo.segment_id, bo.previous_segment_id)
        self.assertFalse(self.snapshot_of(later, self.customers["Flo"]), "Flo left the window")

    def test_fixed_thresholds(self):
        self.company.write({
            "rfm_scoring_method": "threshold",
            "rfm_recency_thresholds": "30,90,180,365",
            "rfm_frequency_thresholds": "2,3,4,6",
            "rfm_monetary_thresholds": "100,300,1000,5000",
        })
        run = self.company._rfm_recompute(as_of=AS_OF)
        gus = self.snapshot_of(run, self.customers["Gus"])  # 15 days, 6 purchases, 6000
        self.assertEqual((gus.r_score, gus.f_score, gus.m_score), (5, 5, 5))
        di = self.snapshot_of(run, self.customers["Di"])  # 482 days, 3 purchases, 300
        self.assertEqual((di.r_score, di.f_score, di.m_score), (1, 3, 3))
        ada = self.snapshot_of(run, self.customers["Ada"])  # 10 days, 1 purchase, 100
        self.assertEqual((ada.r_score, ada.f_score, ada.m_score), (5, 1, 2))

    def assert_refused(self, values, message):
        with self.assertRaises(ValidationError) as caught:
            self.company.write(values)
        self.assertIn(message, str(caught.exception))
        self.company.invalidate_recordset()

    def test_bad_settings_are_refused_with_a_clear_message(self):
        self.assert_refused({"rfm_window_months": 0}, "at least one month")
        self.assert_refused({"rfm_window_months": -3}, "at least one month")
        self.assert_refused({"rfm_bins": 1}, "between 2 and 10")
        self.assert_refused({"rfm_scoring_method": "threshold", "rfm_frequency_thresholds": "1,2,3"},
                            "need 4 thresholds, got 3")
        self.assert_refused({"rfm_scoring_method": "threshold", "rfm_monetary_thresholds": "5,4,3,2"},
                            "strictly ascending")
        self.assert_refused({"rfm_scoring_method": "threshold", "rfm_recency_thresholds": "a,b,c,d"},
                            "separated by commas")
        self.assertEqual((self.company.rfm_window_months, self.company.rfm_scoring_method), (24, "quantile"))

    def test_bad_clv_settings_are_refused_with_a_clear_message(self):
        before = (self.company.clv_horizon_months, self.company.clv_discount_rate, self.company.clv_margin)
        self.assertEqual(before, (12, 10.0, 100.0))
        self.assert_refused({"clv_horizon_months": 0}, "The CLV horizon must be at least one month.")
        self.assert_refused({"clv_horizon_months": -6}, "The CLV horizon must be at least one month.")
        self.assert_refused({"clv_discount_rate": -0.5}, "The CLV discount rate cannot be negative.")
        for margin in (0.0, -10.0, 100.5):
            self.assert_refused({"clv_margin": margin}, "The CLV margin must be above 0% and at most 100%.")
        # A refused value in a batch of valid ones refuses the whole batch.
        self.assert_refused({"clv_horizon_months": 24, "clv_margin": 0.0}, "The CLV margin must be above 0%")
        self.assertEqual(
            (self.company.clv_horizon_months, self.company.clv_discount_rate, self.company.clv_margin), before
        )
        # The limits themselves are accepted.
        self.company.write({"clv_horizon_months": 1, "clv_discount_rate": 0.0, "clv_margin": 0.01})
        self.assertEqual(
            (self.company.clv_horizon_months, self.company.clv_discount_rate, self.company.clv_margin), (1, 0.0, 0.01)
        )

    def test_segment_holes_stop_the_run_and_change_nothing(self):
        self.env["crm.rfm.segment"].search([]).action_archive()
        self.env["crm.rfm.segment"].create({"name": "Only the best", "r_min": 5, "f_min": 5})
        with self.assertRaisesRegex(UserError, "fall in no RFM segment"):
            self.company._rfm_recompute(as_of=date(2026, 7, 31))
        self.assertEqual(self.company.rfm_current_run_id, self.rfm_run)
        self.assertEqual(self.env["crm.rfm.run"].search_count([("company_id", "=", self.company.id)]), 1)

    def test_no_segment_at_all_stops_the_run_and_changes_nothing(self):
        gus = self.customers["Gus"]
        before = (gus.rfm_score, gus.rfm_segment_id, gus.rfm_monetary)
        self.assertTrue(before[1])
        self.env["crm.rfm.segment"].search([]).action_archive()
        # A segment of another company does not count for this one.
        other_company = self.env["res.company"].create({"name": "Other segments"})
        self.env["crm.rfm.segment"].create({"name": "Theirs", "company_id": other_company.id})
        message = f"{self.company.name} has no active RFM segment, so nothing was recomputed"
        with self.assertRaisesRegex(UserError, message):
            self.company._rfm_recompute(as_of=date(2026, 7, 31))
        self.assertEqual(self.company.rfm_current_run_id, self.rfm_run)
        self.assertEqual(self.env["crm.rfm.run"].search_count([("company_id", "=", self.company.id)]), 1)
        gus.invalidate_recordset()
        self.assertEqual((gus.rfm_score, gus.rfm_segment_id, gus.rfm_monetary), before)
        # The button says so at once instead of queueing a run that will fail.
        with self.assertRaisesRegex(UserError, message):
            self.company.action_rfm_recompute_now()
        self.assertFalse(self.company.rfm_recompute_requested)
