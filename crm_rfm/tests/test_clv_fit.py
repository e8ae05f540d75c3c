from datetime import date

from odoo.tests import TransactionCase, tagged

from datagen import generate

from .common import AS_OF, RfmCase

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
