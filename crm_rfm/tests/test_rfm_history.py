"""History that reads right: one run a day over time, month-end runs that
keep their comparison through pruning, baselines, and the transitions of a
run from a baseline (Measure again).

Scores by fixed thresholds, so that each segment is worked out by hand:
recency 30/90/180/365 days (R5 within 30 days ... R1 beyond 365), frequency
2/3/4/6 purchases (one purchase is F1). Segments (crm_rfm data): New = R5 F1,
Promising = R4 F1, About to Sleep = R3 F1-2.
"""

from datetime import date

from lxml import etree

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from .common import RfmCase

DAYS = ("2026-03-15", "2026-03-31", "2026-04-10", "2026-04-20", "2026-05-31", "2026-06-20", "2026-06-30")


@tagged("post_install", "-at_install")
class TestRfmHistory(RfmCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Pruned on 2026-06-30, every run from 2026-05-26 on is kept.
        cls.score_by_fixed_thresholds(rfm_history_days=35)
        cls.ann = cls.customer("Ann")
        cls.invoice(cls.ann, "2026-03-10", 100)
        cls.ben = cls.customer("Ben")
        cls.invoice(cls.ben, "2026-01-05", 100)
        cls.cy = cls.customer("Cy")  # a customer since after the first runs
        cls.invoice(cls.cy, "2026-06-25", 100)
        cls.segment = {name: cls.env.ref(f"crm_rfm.segment_{name}")
                       for name in ("new", "promising", "about_to_sleep")}

    def compute(self, days=DAYS):
        return {day: self.company._rfm_recompute(as_of=day) for day in days}

    def matrix(self, run, context=None):
        """The transition matrix of ``run`` as its pivot reads it: {(previous, segment): customers}."""
        snapshots = self.env["crm.rfm.snapshot"].with_context(**(context or {}))
        groups = snapshots._read_group([("run_id", "=", run.id)], ["previous_segment_id", "segment_id"],
                                       ["__count"])
        return {(previous.name or False, segment.name): count for previous, segment, count in groups}

    def names(self, snapshots):
        return sorted(snapshots.partner_id.mapped("name"))

    def test_over_time_counts_one_run_a_day(self):
        runs = self.compute(("2026-06-29", "2026-06-30"))
        again = [self.company._rfm_recompute(as_of="2026-06-30") for _ in range(2)]
        # The history screen's default filter, read from its action and search view.
        action = self.env.ref("crm_rfm.crm_rfm_snapshot_history_action")
        self.assertEqual(safe_eval(action.context), {"search_default_last_run_of_day": 1})
        search = etree.fromstring(self.env["crm.rfm.snapshot"].get_view(view_type="search")["arch"])
        domain = safe_eval(search.xpath("//filter[@name='last_run_of_day']")[0].get("domain"))
        groups = self.env["crm.rfm.snapshot"]._read_group(domain, ["as_of_date:day"], ["__count"])
        # Ann, Ben and Cy each day: once on the 30th, not three times.
        self.assertEqual({str(day): count for day, count in groups}, {"2026-06-29": 3, "2026-06-30": 3})
        self.assertEqual(self.env["crm.rfm.snapshot"].search_count([("as_of_date", "=", "2026-06-30")]), 9)
        latest = again[-1]
        self.assertEqual(latest.previous_run_id, again[0], "compared with the run before it, of the same day")
        runs_of_day = runs["2026-06-30"] | again[0] | latest
        self.assertEqual(runs_of_day.filtered("is_last_of_day"), latest)
        self.assertEqual(runs_of_day.filtered("is_current"), latest)
        self.assertEqual(self.company.rfm_current_run_id, latest)
        self.assertTrue(runs["2026-06-29"].is_last_of_day)
        self.assertFalse(runs["2026-06-29"].is_current)
        self.assertEqual(self.env["crm.rfm.run"].search([("is_current", "=", True),
                                                         ("company_id", "=", self.company.id)]), latest)

    def test_pruned_history_compares_month_ends_with_the_month_end_before(self):
        runs = self.compute()
        self.assertEqual(runs["2026-04-20"].previous_run_id, runs["2026-04-10"])
        deleted = self.env["crm.rfm.run"]._run_prune(self.company, today="2026-06-30")
        self.assertEqual(deleted, 2)
        self.assertFalse((runs["2026-03-15"] | runs["2026-04-10"]).exists())
        # The April month-end now compares with the March month-end: not "no previous segment".
        self.assertEqual(runs["2026-04-20"].previous_run_id, runs["2026-03-31"])
        self.assertFalse(runs["2026-03-31"].previous_run_id, "nothing kept before it")
        # 31 March: Ann 21 days (New), Ben 85 days (Promising); 20 April: Ann 41 days
        # (Promising), Ben 105 days (About to Sleep). Cy is not a customer yet.
        self.assertEqual(self.matrix(runs["2026-04-20"]), {
            ("New", "Promising"): 1, ("Promising", "About to Sleep"): 1,
        })
        self.assertEqual(runs["2026-05-31"].previous_run_id, runs["2026-04-20"], "untouched")

    def test_a_baseline_survives_pruning_and_runs_compare_with_it(self):
        runs = self.compute()
        baseline = runs["2026-03-15"]
        wizard_action = baseline.action_keep_as_baseline()
        self.env["crm.run.baseline"].with_context(**wizard_action["context"]).create({
            "name": "Start of the project",
        }).action_confirm()
        self.assertTrue(baseline.is_baseline)
        self.assertEqual(baseline.baseline_name, "Start of the project")
        self.assertEqual(self.env["crm.rfm.run"]._run_prune(self.company, today="2026-06-30"), 1)
        self.assertTrue(baseline.exists())
        self.assertFalse(runs["2026-04-10"].exists())
        self.assertEqual(runs["2026-03-31"].previous_run_id, baseline)

        # Measure again: 30 June against the baseline, chosen as a run ...
        compare = self.env["crm.rfm.compare"].create({})
        self.assertEqual(compare.run_id, runs["2026-06-30"], "the current run by default")
        self.assertEqual(compare.baseline_run_id, baseline, "the latest baseline by default")
        action = compare.action_compare()
        self.assertEqual(action["display_name"], "Segment transitions: Start of the project (2026-03-15) → 2026-06-30")
        self.assertEqual(action["domain"], [("run_id", "=", runs["2026-06-30"].id)])
        # 15 March: Ann 5 days (New), Ben 69 days (Promising), Cy not a customer;
        # 30 June: Ann 112 days and Ben 176 days (About to Sleep), Cy 5 days (New).
        expected = {("New", "About to Sleep"): 1, ("Promising", "About to Sleep"): 1, (False, "New"): 1}
        self.assertEqual(self.matrix(runs["2026-06-30"], action["context"]), expected)
        # ... or as a date: the last run on or before it.
        by_date = self.env["crm.rfm.compare"].create({"baseline_mode": "date", "baseline_date": "2026-03-20"})
        self.assertEqual(by_date.action_compare()["context"], action["context"])
        # Without a baseline, 30 June compares with 20 June (Ann 102 days, Ben 166: About to Sleep).
        self.assertEqual(self.matrix(runs["2026-06-30"]), {("About to Sleep", "About to Sleep"): 2, (False, "New"): 1})

        # A cell opens its customers: the same baseline in the list's domain and columns.
        snapshots = self.env["crm.rfm.snapshot"].with_context(**action["context"])
        of_run = [("run_id", "=", runs["2026-06-30"].id)]
        cells = {
            "New": [("previous_segment_id", "=", self.segment["new"].id)],
            "none": [("previous_segment_id", "=", False)],
            "not Promising": [("previous_segment_id", "!=", self.segment["promising"].id)],
            "by name": [("previous_segment_id", "ilike", "Promis")],
        }
        found = {cell: self.names(snapshots.search(of_run + domain)) for cell, domain in cells.items()}
        self.assertEqual(found, {"New": ["Ann"], "none": ["Cy"], "not Promising": ["Ann", "Cy"], "by name": ["Ben"]})
        ann = snapshots.search(of_run + cells["New"])
        self.assertEqual(ann.previous_segment_id, self.segment["new"])
        self.assertEqual(ann.with_context(rfm_compare_run_id=None).previous_segment_id, self.segment["about_to_sleep"])

    def test_a_baseline_must_be_an_earlier_run_of_the_company(self):
        runs = self.compute(("2026-03-15", "2026-06-30"))
        compare = self.env["crm.rfm.compare"]
        cases = [
            ({"baseline_mode": "date", "baseline_date": "2026-03-01"}, "no run on or before 2026-03-01"),
            ({"baseline_mode": "date"}, "Choose the baseline date"),
            ({"baseline_mode": "run", "baseline_run_id": False}, "Choose the baseline run"),
            ({"baseline_run_id": runs["2026-06-30"].id}, "the run measured itself"),
            ({"run_id": runs["2026-03-15"].id, "baseline_run_id": runs["2026-06-30"].id}, "later than the run"),
        ]
        for values, message in cases:
            with self.subTest(message), self.assertRaisesRegex(UserError, message):
                compare.create(values).action_compare()

    def test_only_sales_managers_keep_baselines(self):
        run = self.compute(("2026-06-30",))["2026-06-30"]
        salesman = new_test_user(self.env, "rfm_history_sales", groups="sales_team.group_sale_salesman",
                                 company_id=self.company.id, company_ids=[self.company.id])
        for action in ("action_keep_as_baseline", "action_release_baseline"):
            with self.subTest(action), self.assertRaises(AccessError):
                getattr(run.with_user(salesman), action)()
        with self.assertRaises(AccessError):
            run.with_user(salesman)._run_keep_as_baseline("Mine")
        run.invalidate_recordset()
        self.assertFalse(run.is_baseline)
        # The transitions from a baseline are for every salesperson to read.
        baseline = self.company._rfm_recompute(as_of=date(2026, 3, 15))
        compare = self.env["crm.rfm.compare"].with_user(salesman).create({"baseline_run_id": baseline.id})
        self.assertEqual(compare.action_compare()["context"], {"rfm_compare_run_id": baseline.id})

    def test_the_grid_says_which_axis_is_recency_and_which_frequency(self):
        run = self.compute(("2026-06-30",))["2026-06-30"]
        snapshots = self.env["crm.rfm.snapshot"]
        view = etree.fromstring(snapshots.get_view(view_type="pivot")["arch"])
        self.assertEqual([(field.get("name"), field.get("type")) for field in view.iter("field")],
                         [("r_axis", "row"), ("f_axis", "col"), ("monetary", "measure")])
        fields = snapshots.fields_get(["r_axis", "f_axis"])
        labels = {name: dict(fields[name]["selection"]) for name in fields}
        # Ann 112 days and Ben 176 days since their purchase: R 3; Cy 5 days: R 5; one purchase each: F 1.
        groups = snapshots._read_group([("run_id", "=", run.id)], ["r_axis", "f_axis"], ["__count"])
        self.assertEqual([(labels["r_axis"][r], labels["f_axis"][f], count) for r, f, count in groups],
                         [("R 3", "F 1", 2), ("R 5", "F 1", 1)])
        # A cell opens its customers.
        cell = snapshots.search([("run_id", "=", run.id), ("r_axis", "=", "3"), ("f_axis", "=", "1")])
        self.assertEqual(self.names(cell), ["Ann", "Ben"])
        self.assertEqual(self.names(snapshots.search([("run_id", "=", run.id), ("r_axis", "!=", "3")])), ["Cy"])
        self.assertEqual((cell[0].r_axis, cell[0].f_axis), ("3", "1"))
        # Scores sort as numbers: 10 after 9.
        self.assertEqual(list(labels["r_axis"].values())[-2:], ["R 9", "R 10"])

    def test_a_baseline_of_another_company_is_refused(self):
        run = self.compute(("2026-06-30",))["2026-06-30"]
        other = self.setup_other_company(name="Other RFM Co")["company"]
        self.invoice(self.customer("Theirs"), "2026-03-01", 100, company=other)
        theirs = other._rfm_recompute(as_of="2026-03-31")
        compare = self.env["crm.rfm.compare"].create({"run_id": run.id, "baseline_run_id": theirs.id})
        with self.assertRaisesRegex(UserError, "same company"):
            compare.action_compare()
        # By date, the baseline is the measured run's company's own last run on or before it.
        by_date = self.env["crm.rfm.compare"].create({"run_id": run.id, "baseline_mode": "date",
                                                      "baseline_date": "2026-04-30"})
        with self.assertRaisesRegex(UserError, f"{self.company.name} has no run on or before 2026-04-30"):
            by_date.action_compare()
        # A user of this company only, given the other company's run as the baseline by hand (a crafted
        # context, or an id sent to the baseline wizard): refused, nothing of it read or written.
        manager = new_test_user(self.env, "rfm_history_manager", groups="sales_team.group_sale_manager",
                                company_id=self.company.id, company_ids=[self.company.id])
        snapshots = self.env["crm.rfm.snapshot"].with_user(manager).with_context(rfm_compare_run_id=theirs.id)
        with self.assertRaises(AccessError):
            snapshots._read_group([("run_id", "=", run.id)], ["previous_segment_id"], ["__count"])
        with self.assertRaises(AccessError):
            snapshots.search([("run_id", "=", run.id), ("previous_segment_id", "=", False)])
        with self.assertRaises(AccessError):
            self.env["crm.run.baseline"].with_user(manager).create({
                "res_model": "crm.rfm.run", "res_id": theirs.id, "name": "Theirs",
            }).action_confirm()
        self.assertFalse(theirs.is_baseline)
