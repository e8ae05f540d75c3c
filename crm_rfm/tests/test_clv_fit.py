from datetime import date, timedelta

from odoo.tests import TransactionCase, tagged

from datagen import generate

from .common import AS_OF, RfmCase
from .test_rfm_migrations import load_migration

DATE_TO = date(2026, 6, 30)


@tagged("post_install", "-at_install")
class TestClvFitOnGeneratedHistory(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        stats = generate(cls.env, customers=600, seed=11, date_to=DATE_TO, companies=1)
        first_id, last_id = stats["customer_id_range"]
        cls.customers = cls.env["res.partner"].search([("id", ">=", first_id), ("id", "<=", last_id)])
        cls.company = cls.env.ref("base.main_company")
        cls.model = cls.company._clv_fit(as_of=DATE_TO)

    def test_fit_and_parameters(self):
        model = self.model
        self.assertEqual(model.state, "fitted", model.message)
        self.assertEqual(self.company.clv_current_model_id, model)
        for name in ("bgnbd_r", "bgnbd_alpha", "bgnbd_a", "bgnbd_b", "gg_p", "gg_q", "gg_gamma"):
            self.assertGreater(model[name], 0, name)
        self.assertLess(model.log_likelihood, 0)
        buyers = self.customers.filtered(lambda p: p.customer_rank > 0)
        self.assertGreaterEqual(model.customer_count, int(0.9 * len(buyers)))

    def test_customers_are_scored(self):
        scored = self.customers.filtered("clv_p_alive")
        self.assertGreater(len(scored), 0.8 * len(self.customers.filtered(lambda p: p.customer_rank > 0)))
        for partner in scored:
            self.assertTrue(0 < partner.clv_p_alive <= 1)
            self.assertGreaterEqual(partner.clv_expected_purchases, 0)
            self.assertGreaterEqual(partner.clv_value, 0)
        # Of two customers with the same number of purchases, the one seen
        # more recently is at least as likely to be alive.
        self.company._rfm_recompute(as_of=DATE_TO)
        by_frequency = {}
        for partner in scored:
            by_frequency.setdefault(partner.rfm_frequency, []).append(partner)
        compared = 0
        for group in by_frequency.values():
            group.sort(key=lambda p: p.rfm_last_purchase_date or date.min)
            if len(group) >= 2 and group[0].rfm_last_purchase_date < group[-1].rfm_last_purchase_date:
                compared += 1
        self.assertGreater(compared, 0)

    def test_the_models_page_says_what_it_predicts_and_how_well_it_fits(self):
        model = self.model
        scores = self.env["crm.clv.score"].search([("model_id", "=", model.id)])
        self.assertEqual(len(scores), model.customer_count)
        self.assertAlmostEqual(model.mean_p_alive, sum(scores.mapped("p_alive")) / len(scores), places=2)
        self.assertAlmostEqual(model.mean_value, sum(scores.mapped("value")) / len(scores), places=0)
        self.assertEqual(model.horizon_months, 12)
        # The fit table: every customer in one row, the actual counts those of the score rows.
        self.assertEqual(sum(actual for _x, actual, _expected in model.fit_table), model.customer_count)
        self.assertAlmostEqual(sum(expected for _x, _actual, expected in model.fit_table), model.customer_count,
                               places=3)
        ones = len(scores.filtered(lambda score: score.repeat_purchases == 1))
        self.assertEqual(model.fit_table[1][:2], [1, ones])
        self.assertIn("<th>Repeat purchases</th>", model.fit_table_html)
        self.assertIn(f"<td>{model.fit_table[-1][0]}+</td>", model.fit_table_html)

    def test_prospects_get_no_value(self):
        prospects = self.customers.filtered(lambda p: p.customer_rank == 0)
        self.assertTrue(prospects)
        self.assertFalse(any(prospects.mapped("clv_value")))

    def test_a_refit_writes_no_partner_row_and_the_pruning_keeps_the_current_scores(self):
        def row_versions():
            self.env.cr.execute("SELECT id, ctid::text FROM res_partner WHERE id IN %s", [tuple(self.customers.ids)])
            return dict(self.env.cr.fetchall())

        scored = self.customers.filtered("clv_value")
        values = dict(zip(scored.ids, scored.mapped("clv_value"), strict=True))
        first = self.company.clv_current_model_id
        first_count = self.env["crm.clv.score"].search_count([("model_id", "=", first.id)])
        self.assertGreaterEqual(first_count, len(scored))
        before = row_versions()
        later = self.company._clv_fit(as_of=date(2026, 12, 31))  # half a year without purchases later
        self.assertEqual(row_versions(), before, "the partners read the current model's scores: no row rewritten")
        self.assertEqual(self.company.clv_current_model_id, later)
        self.assertTrue([p for p in scored if p.clv_value != values[p.id]], "the partners show the new model")
        scores = self.env["crm.clv.score"].search([("model_id", "=", later.id)])
        self.assertEqual({s.partner_id.id: s.value for s in scores if s.partner_id in self.customers and s.value},
                         {p.id: p.clv_value for p in self.customers.filtered("clv_value")})
        # The nightly pruning keeps the current model's scores only.
        self.assertEqual(self.env["crm.clv.model"]._prune_scores(self.company), first_count)
        self.assertFalse(self.env["crm.clv.score"].search_count([("model_id", "=", first.id)]))
        self.assertEqual(len(self.env["crm.clv.score"].search([("model_id", "=", later.id)])), len(scores))

    def test_margin_and_discount_lower_the_value(self):
        before = sum(self.customers.mapped("clv_value"))
        self.company.write({"clv_margin": 50.0, "clv_discount_rate": 30.0})
        self.company._clv_fit(as_of=DATE_TO)
        after = sum(self.customers.mapped("clv_value"))
        self.assertLess(after, 0.5 * before)


    def test_a_failed_fit_says_why_and_keeps_the_last_good_model(self):
        scored = self.customers.filtered("clv_value")
        values = scored.mapped("clv_value")
        failed = self.company._clv_fit(as_of=date(2020, 1, 1))  # before any purchase
        self.assertEqual(failed.state, "failed")
        self.assertIn("bought more than once", failed.message)
        self.assertEqual(self.company.clv_current_model_id, self.model)
        self.assertEqual(scored.mapped("clv_value"), values)

    def test_a_sale_in_a_currency_without_rate_fails_the_fit_and_keeps_the_model(self):
        scored = self.customers.filtered("clv_value")
        values = scored.mapped("clv_value")
        jpy = self.env.ref("base.JPY")
        jpy.sudo().write({"active": True})
        jpy.rate_ids.sudo().unlink()
        # Years before the RFM window: the CLV fits the whole history.
        self.env["account.move"].create({
            "move_type": "out_invoice", "partner_id": scored[0].id, "invoice_date": "2020-03-01",
            "currency_id": jpy.id,
            "invoice_line_ids": [(0, 0, {"name": "goods", "price_unit": 100000.0, "tax_ids": []})],
        }).action_post()
        failed = self.company._clv_fit(as_of=DATE_TO)
        self.assertEqual(failed.state, "failed")
        self.assertIn("in JPY cannot be converted", failed.message)
        self.assertTrue(failed.message.endswith("The previous model is kept."))
        self.assertEqual(self.company.clv_current_model_id, self.model)
        scored.invalidate_recordset()
        self.assertEqual(scored.mapped("clv_value"), values)


@tagged("post_install", "-at_install")
class TestClvFitFailure(RfmCase):
    def test_too_few_repeat_customers_is_reported(self):
        for index in range(5):
            partner = self.customer(f"Regular {index}")
            for month in (1, 3, 5):
                self.invoice(partner, f"2026-0{month}-{index + 1:02d}", 100 + 10 * index + month)
        self.invoice(self.customer("One-off"), "2026-02-01", 80)
        failed = self.company._clv_fit(as_of=AS_OF)
        self.assertEqual((failed.state, failed.customer_count, failed.repeat_customer_count), ("failed", 6, 5))
        self.assertIn("only 5 customers bought more than once", failed.message)
        self.assertFalse(self.company.clv_current_model_id)


@tagged("post_install", "-at_install")
class TestProbabilityAliveExplained(RfmCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Twenty customers of varied rhythms and lifetimes, so that the model has something to learn from:
        # customer i buys every 9 + 5 i days from 1 July 2025 + i days, i % 6 + 1 times.
        for index in range(20):
            other = cls.customer(f"Other {index}")
            for purchase in range(index % 6 + 1):
                cls.invoice(other, date(2025, 7, 1) + timedelta(days=index + purchase * (9 + 5 * index)), 100)
        # Stopped: bought on 1, 8, 15 and 22 March (3 repeat purchases, 7 days apart), then 100 days of nothing.
        cls.stopped = cls.customer("Stopped")
        for day in (1, 8, 15, 22):
            cls.invoice(cls.stopped, date(2026, 3, day), 50)
        cls.once = cls.customer("Once")
        cls.invoice(cls.once, date(2026, 6, 10), 80)
        cls.company.clv_time_unit = "day"
        cls.model = cls.company._clv_fit(as_of=AS_OF)

    def test_the_customer_form_says_what_the_probability_is_read_from(self):
        self.assertEqual(self.model.state, "fitted", self.model.message)
        stopped = self.stopped
        self.assertEqual((stopped.clv_repeat_purchases, stopped.clv_usual_gap_days,
                          stopped.clv_days_since_last_purchase), (3, 7.0, 100))
        self.assertEqual(stopped.clv_p_alive_explanation,
                         "3 repeat purchases, usually 7 days apart; the last one 100 days ago, "
                         "14.3 times the usual gap.")
        self.assertLess(stopped.clv_p_alive, 0.5)
        self.assertEqual((self.once.clv_repeat_purchases, self.once.clv_days_since_last_purchase), (0, 20))
        self.assertFalse(self.once.clv_usual_gap_days)
        self.assertEqual(self.once.clv_p_alive_explanation,
                         "One purchase, 20 days ago: no buying rhythm yet, so the model counts the customer as "
                         "alive until a second purchase shows one.")
        self.assertEqual(self.once.clv_p_alive, 1.0)
        self.assertFalse(self.customer("Never bought").clv_p_alive_explanation)

    def test_upgrade_to_18_0_1_6_0_fills_what_the_current_model_was_read_from(self):
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE crm_clv_score SET repeat_purchases = NULL, usual_gap_days = NULL, days_since_last = NULL")
        self.env.invalidate_all()
        self.assertEqual(self.stopped.clv_repeat_purchases, 0, "a score of 18.0.1.5.0")
        load_migration("18.0.1.6.0").migrate(self.env.cr, "18.0.1.5.0")
        self.env.invalidate_all()
        self.assertEqual((self.stopped.clv_repeat_purchases, self.stopped.clv_usual_gap_days,
                          self.stopped.clv_days_since_last_purchase), (3, 7.0, 100))
        self.assertEqual((self.once.clv_repeat_purchases, self.once.clv_days_since_last_purchase), (0, 20))
