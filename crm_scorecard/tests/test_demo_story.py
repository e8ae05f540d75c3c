"""The demo tells a true story: what a new user meets on the first start.

A small demo (400 customers, two companies) is generated and configured as
``python3 -m datagen --demo`` does, then read as the user reads it: paid and
late invoices, a sane cost to serve, answers on every score, month-end
history, and a scorecard whose every KPI has a value for the last closed
month, checked against figures counted here from the records themselves.
"""

from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests import TransactionCase, tagged

from datagen import generate
from datagen.demo import HISTORY_MONTHS, configure_demo
from datagen.reference_data import SECOND_COMPANY_NAME

SEED = 11


@tagged("post_install", "-at_install")
class TestDemoStory(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.context_today(cls.env["res.company"])
        stats = generate(cls.env, customers=400, seed=SEED, date_to=cls.today)
        first_id, last_id = stats["customer_id_range"]
        cls.customers = cls.env["res.partner"].search([("id", ">=", first_id), ("id", "<=", last_id)])
        cls.story = configure_demo(cls.env, cls.today, seed=SEED)
        cls.main = cls.env.ref("base.main_company")
        cls.second = cls.env["res.company"].search([("name", "=", SECOND_COMPANY_NAME)])
        cls.last_closed = cls.today.replace(day=1) - timedelta(days=1)

    def _invoices(self, company):
        return self.env["account.move"].search([
            ("company_id", "=", company.id), ("move_type", "=", "out_invoice"),
            ("commercial_partner_id", "in", self.customers.ids),
        ])

    def test_both_companies_have_a_story_and_admin_sees_both(self):
        self.assertEqual(set(self.story), {self.main.name, self.second.name})
        self.assertIn(self.second, self.env.ref("base.user_admin").company_ids)
        self.assertEqual(self.second.currency_id, self.env.ref("base.EUR"), "the European company keeps its euro")
        for company in (self.main, self.second):
            products = self.env["product.product"].search([("default_code", "=like", "DG-%")])
            self.assertTrue(all(p.with_company(company).standard_price > 0 for p in products),
                            f"every product has a cost in {company.name}")

    def test_most_invoices_are_paid_some_late(self):
        for company in (self.main, self.second):
            invoices = self._invoices(company)
            paid = invoices.filtered(lambda m: m.payment_state == "paid")
            self.assertTrue(0.85 <= len(paid) / len(invoices) < 1, f"{len(paid)} of {len(invoices)} paid")
            # Paid by a bank entry dated on or after the invoice, for its whole amount.
            for invoice in paid[:60]:
                partials = invoice.line_ids.matched_credit_ids
                self.assertEqual(sum(partials.mapped("amount")), invoice.amount_total_signed)
                self.assertGreaterEqual(partials.max_date, invoice.invoice_date)
                self.assertEqual(partials.credit_move_id.move_id.journal_id.type, "bank")
            # Some open invoices are past due, none older than the slowest payer's 165 days.
            open_due = invoices.filtered(lambda m: m.payment_state == "not_paid" and m.invoice_date_due < self.today)
            self.assertTrue(open_due, "some customers pay late")
            self.assertLessEqual(max((self.today - m.invoice_date).days for m in open_due), 165)

    def test_cost_to_serve_is_sane(self):
        for company in (self.main, self.second):
            run = self.env["crm.value.run"].search(
                [("company_id", "=", company.id), ("date_to", "=", self.last_closed)])
            self.assertEqual(len(run), 1)
            lines = run.line_ids.filtered(lambda line: line.revenue > 0)
            revenue, cost = sum(lines.mapped("revenue")), sum(lines.mapped("cost_to_serve"))
            self.assertTrue(0.05 < cost / revenue < 0.3, f"cost to serve {cost:.0f} on revenue {revenue:.0f}")
            # Above the median revenue, a customer costs more to serve than he
            # brings only when the data says so: the direct costs of a demanding account.
            median = sorted(lines.mapped("revenue"))[len(lines) // 2]
            costly = lines.filtered(lambda line, m=median: line.revenue >= m and line.cost_to_serve > line.revenue)
            self.assertEqual(costly, costly.filtered(lambda line: line.direct_cost > 0.5 * line.revenue))
            # Those accounts make the whale curve rise above 100% of the profit.
            self.assertGreater(max(run.line_ids.mapped("cumulative_profit_pct")), 100)
            # Customers who left cost little: paid invoices are not chased.
            inactive = run.line_ids.filtered(lambda line: line.level == "inactive")
            self.assertLess(sum(inactive.mapped("cost_to_serve")), 0.05 * cost)

    def test_answers_on_every_score_with_comments(self):
        lines = self.env["survey.user_input.line"].search([
            ("user_input_id.satisfaction_campaign_id.company_id", "=", self.main.id),
            ("question_id.satisfaction_metric", "!=", False),
        ])
        for metric, scale in (("nps", range(0, 11)), ("csat", range(1, 6)), ("ces", range(1, 8))):
            scores = set(lines.filtered(lambda line, m=metric: line.question_id.satisfaction_metric == m)
                         .mapped("value_scale"))
            self.assertEqual(scores, set(scale), metric)
        comments = self.env["survey.user_input.line"].search([
            ("user_input_id.satisfaction_campaign_id.company_id", "=", self.main.id),
            ("answer_type", "=", "text_box"),
        ])
        self.assertTrue(comments)

    def test_month_end_runs_of_two_years(self):
        month_ends = {self.today.replace(day=1) - relativedelta(months=back) - timedelta(days=1)
                      for back in range(HISTORY_MONTHS)}
        for model, date_field in (("crm.rfm.run", "as_of_date"), ("crm.value.run", "date_to")):
            for company in (self.main, self.second):
                runs = self.env[model].search([("company_id", "=", company.id)])
                self.assertLessEqual(month_ends, set(runs.mapped(date_field)), f"{model} of {company.name}")
                current = runs.filtered("is_current")
                self.assertEqual(current.mapped(date_field), [self.today], "today's run is the current one")
                # Measure again has a baseline: the month-end a year before the last one.
                baseline = runs.filtered("baseline_name")
                self.assertEqual(baseline.mapped(date_field), [self.last_closed - relativedelta(years=1, day=31)])

    def test_every_kpi_has_a_value_for_the_last_closed_month(self):
        values = self.env["crm.scorecard.value"].search([
            ("company_id", "=", self.main.id), ("team_id", "=", False), ("period_type", "=", "month"),
            ("period_start", "=", self.last_closed.replace(day=1)),
        ])
        kpis = self.env["crm.scorecard.kpi"].search([])
        # The average CLV is kept for today only (the model is refitted each
        # night): it has a value in the current month, not in past ones.
        self.assertEqual(
            set(values.filtered("has_actual").kpi_id.mapped("code")), set(kpis.mapped("code")) - {"average_clv"}
        )
        clv = self.env["crm.scorecard.value"].search([
            ("company_id", "=", self.main.id), ("team_id", "=", False), ("period_type", "=", "month"),
            ("period_start", "=", self.today.replace(day=1)), ("kpi_code", "=", "average_clv"),
        ])
        self.assertTrue(clv.has_actual and clv.actual > 0)
        # Targets make the lights mixed: neither all green nor all red.
        statuses = set(values.mapped("status"))
        self.assertTrue({"green", "red"} <= statuses, statuses)

    def test_satisfaction_kpis_match_the_answers(self):
        """NPS and response rate of the last closed month, counted here from the invitations."""
        start = self.last_closed.replace(day=1)
        invitations = self.env["survey.user_input"].search([
            ("satisfaction_campaign_id.company_id", "=", self.main.id),
            ("create_date", ">=", start), ("create_date", "<", self.last_closed + timedelta(days=1)),
            # Those of the generated customers: Odoo's demo portal user, when
            # Odoo's demo data is installed, is invited but is no customer.
            ("partner_id.commercial_partner_id", "in", self.customers.ids),
        ])
        answered = invitations.filtered(lambda ui: ui.state == "done")
        self.assertTrue(answered)
        nps_scores = [
            line.value_scale for line in answered.user_input_line_ids
            if line.question_id.satisfaction_metric == "nps" and line.user_input_id.end_datetime.date() >= start
        ]
        promoters = sum(1 for score in nps_scores if score >= 9)
        detractors = sum(1 for score in nps_scores if score <= 6)
        expected = {
            "nps": round(100.0 * (promoters - detractors) / len(nps_scores), 2),
            "survey_response_rate": round(100.0 * len(answered) / len(invitations), 2),
        }
        stored = self.env["crm.scorecard.value"].search([
            ("company_id", "=", self.main.id), ("team_id", "=", False), ("period_type", "=", "month"),
            ("period_start", "=", start), ("kpi_code", "in", list(expected)),
        ])
        self.assertEqual({v.kpi_code: round(v.actual, 2) for v in stored}, expected)

    def test_profiles_opportunities_and_quotations_of_customers(self):
        buyers = self.customers.filtered(lambda p: p.customer_rank > 0)
        complete = buyers.filtered(lambda p: p.street and p.city and p.country_id and p.phone and p.email)
        self.assertTrue(0.75 < len(complete) / len(buyers) < 0.95, f"{len(complete)} of {len(buyers)}")
        open_leads = self.env["crm.lead"].search([
            ("partner_id", "in", buyers.ids), ("type", "=", "opportunity"), ("stage_id.is_won", "=", False),
        ])
        self.assertTrue(open_leads, "existing customers have open opportunities")
        quotations = self.env["sale.order"].search([
            ("partner_id.commercial_partner_id", "in", buyers.ids), ("state", "in", ("draft", "sent")),
        ])
        self.assertTrue(quotations, "existing customers have open quotations")
