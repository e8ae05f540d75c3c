from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from odoo.addons.crm_value_pyramid.lib import pyramid

from ..models.crm_cost_driver import REMOVED_SOURCE
from .common import MAY_FROM, MAY_TO, ValueCase


@tagged("post_install", "-at_install")
class TestKaplanAnderson(ValueCase):
    """Kaplan & Anderson, "Time-Driven Activity-Based Costing", HBR 2004:
    a customer service department costing 560,000 a period, its time split
    70/10/20 between processing 49,000 orders, handling 1,400 inquiries and
    performing 2,500 credit checks: rates of 8, 40 and 44.80 per unit."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.alpha, cls.beta, cls.gamma = (cls.customer(name) for name in ("Alpha", "Beta", "Gamma"))
        # Orders, inquiries (activities done) and credit checks (new leads)
        # of each customer in May, in bulk.
        volumes = {cls.alpha: (30000, 400, 1000), cls.beta: (15000, 600, 1000), cls.gamma: (4000, 400, 500)}
        order = cls.env["sale.order"].create({"partner_id": cls.alpha.id})
        lead = cls.env["crm.lead"].create({"name": "Credit check", "partner_id": cls.alpha.id})
        call = cls.env.ref("mail.mail_activity_data_call")
        call.keep_done = True
        activity = cls.env["mail.activity"].create({
            "res_model_id": cls.env["ir.model"]._get_id("res.partner"), "res_id": cls.alpha.id,
            "activity_type_id": call.id, "user_id": cls.env.uid, "date_deadline": "2026-05-10",
        })
        for partner, (orders, inquiries, checks) in volumes.items():
            cls.clone_rows(order, orders, partner_id=partner.id, partner_invoice_id=partner.id,
                           partner_shipping_id=partner.id, state="sale", date_order="2026-05-15 10:00:00")
            cls.clone_rows(activity, inquiries, res_id=partner.id, active=False, date_done="2026-05-20")
            cls.clone_rows(lead, checks, partner_id=partner.id, create_date="2026-05-05 09:00:00")
        # The templates themselves are outside the period or not done.
        order.date_order = "2026-03-01 10:00:00"
        lead.create_date = "2026-03-01 10:00:00"
        cls.invoice(cls.alpha, "2026-05-31", 400000)
        cls.invoice(cls.beta, "2026-05-31", 150000)
        cls.invoice(cls.gamma, "2026-05-31", 100000)
        cls.env.flush_all()

    def check_run(self, run):
        drivers = {rd.driver_id.name: rd for rd in run.driver_ids}
        self.assertEqual({name: rd.total_quantity for name, rd in drivers.items()},
                         {"Orders": 49000, "Inquiries": 1400, "Credit checks": 2500})
        self.assertEqual({name: round(rd.rate, 4) for name, rd in drivers.items()},
                         {"Orders": 8, "Inquiries": 40, "Credit checks": 44.8})
        expected = {  # orders x 8 + inquiries x 40 + checks x 44.80
            self.alpha: 240000 + 16000 + 44800,
            self.beta: 120000 + 24000 + 44800,
            self.gamma: 32000 + 16000 + 22400,
        }
        for partner, cost in expected.items():
            line = self.line_of(run, partner)
            self.assertAlmostEqual(line.driver_cost, cost, places=2, msg=partner.name)
            self.assertAlmostEqual(line.cost_to_serve, cost, places=2)
        self.assertAlmostEqual(run.driver_cost, 560000, places=2)
        self.assertAlmostEqual(run.driver_unallocated, 0, places=2)
        beta = self.line_of(run, self.beta)
        self.assertEqual(
            {cost.driver_id.name: (cost.quantity, cost.amount) for cost in beta.cost_ids},
            {"Orders": (15000, 120000), "Inquiries": (600, 24000), "Credit checks": (1000, 44800)},
        )
        # Profit and the whale curve: Alpha earns 99,200, Gamma 29,600, Beta
        # loses 38,800; the curve peaks at 128,800 / 90,000 = 143.11 %.
        self.assertEqual([line.partner_id for line in run.line_ids.sorted("profit_rank")],
                         [self.alpha, self.gamma, self.beta])
        self.assertAlmostEqual(self.line_of(run, self.alpha).profit, 99200, places=2)
        self.assertAlmostEqual(beta.profit, -38800, places=2)
        self.assertEqual([round(line.cumulative_profit_pct, 2) for line in run.line_ids.sorted("profit_rank")],
                         [110.22, 143.11, 100.0])
        curve = self.env["crm.value.line"]._read_group(
            [("run_id", "=", run.id), ("profit_rank", "!=", False)], ["customer_percentile"], ["whale_point_pct:max"])
        self.assertEqual([(percentile, round(point, 2)) for percentile, point in curve],
                         [(34, 110.22), (67, 143.11), (100, 100.0)])
        self.assertEqual(self.beta.value_profit, beta.profit)
        self.assertEqual(self.beta.value_cost_to_serve, 188800)

    def test_rates_derived_from_the_cost_pools(self):
        self.driver("Orders", "sale_order", pool=392000)
        self.driver("Inquiries", "activity_done", pool=56000)
        self.driver("Credit checks", "lead", pool=112000)
        self.check_run(self.company._value_pyramid_recompute(MAY_FROM, MAY_TO))

    def test_rates_entered(self):
        self.driver("Orders", "sale_order", rate=8)
        self.driver("Inquiries", "activity_done", rate=40)
        self.driver("Credit checks", "lead", rate=44.8)
        self.check_run(self.company._value_pyramid_recompute(MAY_FROM, MAY_TO))


@tagged("post_install", "-at_install")
class TestAllocationToTheCent(ValueCase):
    """Pools split over customers add up exactly, the cents left by rounding
    going to the largest remainders."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customers = [cls.customer(f"Customer {index}") for index in range(7)]
        cls.invoice_counts = [1, 2, 3, 1, 2, 3, 1]
        for partner, count in zip(cls.customers, cls.invoice_counts):
            for day in range(count):
                cls.invoice(partner, f"2026-05-{day + 10}", 300 + day)

    def test_a_pool_sums_to_the_cent(self):
        self.driver("Invoicing", "invoice", pool=1234.57)
        run = self.company._value_pyramid_recompute(MAY_FROM, MAY_TO)
        costs = [self.line_of(run, partner).driver_cost for partner in self.customers]
        self.assertEqual(round(sum(costs), 2), 1234.57)
        expected = pyramid.largest_remainder(123457, self.invoice_counts)
        self.assertEqual([round(cost * 100) for cost in costs], expected)
        self.assertAlmostEqual(run.driver_ids.rate, 1234.57 / 13, places=6)

    def test_fixed_costs_spread_by_revenue_share(self):
        self.company.write({"value_fixed_cost_monthly": 100, "value_fixed_cost_allocation": "revenue"})
        extra = self.customer("Three equal")
        for partner in (extra, self.customer("Three equal bis"), self.customer("Three equal ter")):
            self.invoice(partner, "2026-04-01", 50)  # bought before May: inactive, no fixed cost
        run = self.company._value_pyramid_recompute(MAY_FROM, MAY_TO)
        fixed = [self.line_of(run, partner).fixed_cost for partner in self.customers]
        self.assertEqual(round(sum(fixed), 2), 100.0)
        self.assertEqual(run.fixed_pool, 100.0)
        self.assertEqual(run.fixed_unallocated, 0.0)
        self.assertEqual(self.line_of(run, extra).fixed_cost, 0.0)
        revenues = [self.line_of(run, partner).revenue for partner in self.customers]
        self.assertEqual([round(cost * 100) for cost in fixed], pyramid.largest_remainder(10000, revenues))

    def test_fixed_costs_left_unallocated_reconcile(self):
        self.company.write({"value_fixed_cost_monthly": 250.5, "value_fixed_cost_allocation": "none"})
        self.driver("Invoicing", "invoice", pool=99.99)
        self.driver("Credit notes", "credit_note", pool=40)  # no credit note in May: unallocated
        self.env["crm.customer.cost"].create({
            "partner_id": self.customers[0].id, "date": "2026-05-20", "amount": 12.5, "category": "logistics",
        })
        run = self.company._value_pyramid_recompute(MAY_FROM, MAY_TO)
        self.assertEqual(run.fixed_unallocated, 250.5)
        self.assertEqual(run.driver_unallocated, 40.0)
        self.assertEqual(run.direct_cost, 12.5)
        self.assertEqual(self.line_of(run, self.customers[0]).direct_cost, 12.5)
        self.assertAlmostEqual(run.driver_cost, 99.99, places=2)
        self.assertAlmostEqual(run.profit, run.revenue - run.cogs - 99.99 - 12.5, places=2)
        self.assertAlmostEqual(run.net_profit, run.profit - 40 - 250.5, places=2)

    def test_pools_of_a_quarter_take_three_months(self):
        self.driver("Invoicing", "invoice", pool=100)
        run = self.company._value_pyramid_recompute("2026-04-01", "2026-06-30")
        self.assertEqual(run.driver_ids.pool_amount, 300)
        self.assertEqual(round(sum(run.line_ids.mapped("driver_cost")), 2), 300)


@tagged("post_install", "-at_install")
class TestRevenueAndCogs(ValueCase):
    """Revenue from crm_rfm's facts; the cost of goods sold at the time of sale."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.eur = cls.setup_other_currency("EUR", rates=[("2026-01-01", 2.0)])
        cls.product = cls.env["product.product"].create({
            "name": "Widget", "list_price": 100, "standard_price": 30, "taxes_id": [],
        })
        cls.acme = cls.customer("Acme", is_company=True)
        cls.buyer = cls.customer("Ann Buyer", parent_id=cls.acme.id)

    def test_credit_notes_and_currency(self):
        self.invoice(self.buyer, "2026-05-03", 100, product=self.product, quantity=2)
        self.invoice(self.acme, "2026-05-04", 400, currency=self.eur)  # 2 EUR per unit: 200
        self.invoice(self.acme, "2026-05-20", 100, move_type="out_refund", product=self.product)
        run = self.company._value_pyramid_recompute(MAY_FROM, MAY_TO)
        self.assertFalse(self.line_of(run, self.buyer), "a contact rolls up to its company")
        line = self.line_of(run, self.acme)
        self.assertAlmostEqual(line.revenue, 200 + 200 - 100)
        self.assertAlmostEqual(line.cogs, 60 - 30)
        self.assertAlmostEqual(line.gross_margin, 270)
        self.assertAlmostEqual(self.acme.value_revenue, 300)
        self.assertAlmostEqual(self.acme.value_cogs, 30)

    def test_a_credit_note_alone_reduces_revenue_without_making_a_buyer(self):
        # Bought in April, credited in May: May's net revenue is negative.
        self.invoice(self.acme, "2026-04-20", 300, product=self.product, quantity=3)
        self.invoice(self.acme, "2026-05-20", 100, move_type="out_refund", product=self.product)
        other = self.customer("Other buyer")
        self.invoice(other, "2026-05-03", 50)
        self.driver("Credit notes", "credit_note", rate=5)
        run = self.company._value_pyramid_recompute(MAY_FROM, MAY_TO)
        line = self.line_of(run, self.acme)
        self.assertEqual(line.level, "inactive", "no purchase in May, bought before")
        self.assertAlmostEqual(line.revenue, -100)
        self.assertAlmostEqual(line.cogs, -30, msg="the returned goods' cost comes back")
        self.assertAlmostEqual(line.driver_cost, 5)
        self.assertAlmostEqual(line.profit, -100 + 30 - 5)
        self.assertFalse(line.profit_rank)
        self.assertEqual((run.active_count, run.customer_count), (1, 2))
        self.assertAlmostEqual(run.revenue, 50 - 100, msg="the run's revenue is the accounts' net revenue")

    def test_cost_recorded_on_the_sale_order_wins_over_todays_cost(self):
        order = self.env["sale.order"].create({
            "partner_id": self.acme.id,
            "date_order": "2026-05-02 10:00:00",
            "order_line": [Command.create({"product_id": self.product.id, "product_uom_qty": 3, "tax_id": []})],
        })
        order.action_confirm()
        self.assertEqual(order.order_line.purchase_price, 30)
        self.product.standard_price = 50
        invoice = order._create_invoices()
        invoice.invoice_date = "2026-05-05"
        invoice.action_post()
        line = self.line_of(self.company._value_pyramid_recompute(MAY_FROM, MAY_TO), self.acme)
        self.assertAlmostEqual(line.revenue, 300)
        self.assertAlmostEqual(line.cogs, 90, msg="3 x 30 at the time of sale, not 3 x 50 today")


@tagged("post_install", "-at_install")
class TestActivityTypeDriver(ValueCase):
    """A driver counts the activities done of one type only, e.g. the
    satisfaction follow-ups of unhappy customers, marked done in the UI way."""

    def done(self, partner, activity_type, count, done=True):
        for _index in range(count):
            activity = partner.activity_schedule(activity_type_id=activity_type.id, summary="Call back")
            if done:
                activity.action_feedback(feedback="Called")

    def test_only_the_chosen_type_is_counted(self):
        follow_up = self.env["mail.activity.type"].create({"name": "Follow-up call", "res_model": "res.partner"})
        todo = self.env.ref("mail.mail_activity_data_todo")
        unhappy, quiet = self.customer("Unhappy"), self.customer("Quiet")
        self.done(unhappy, follow_up, 2)
        self.done(unhappy, todo, 1)
        self.done(quiet, todo, 1)
        self.done(quiet, follow_up, 1, done=False)  # planned, not done: no cost yet
        self.driver("Follow-ups", "activity_type", rate=25, activity_type_id=follow_up.id)
        self.driver("Any activity", "activity_done", rate=1)
        today = fields.Date.context_today(self.company)
        run = self.company._value_pyramid_recompute(today - relativedelta(months=1), today)
        quantities = {
            (cost.line_id.partner_id, cost.driver_id.name): cost.quantity
            for cost in self.env["crm.value.line.cost"].search([("line_id.run_id", "=", run.id)])
        }
        self.assertEqual(quantities, {
            (unhappy, "Follow-ups"): 2, (unhappy, "Any activity"): 3, (quiet, "Any activity"): 1,
        })
        self.assertEqual(self.line_of(run, unhappy).driver_cost, 2 * 25 + 3)
        self.assertEqual(run.driver_ids.filtered(lambda rd: rd.source == "activity_type").activity_type_id, follow_up)

    def test_the_type_is_required(self):
        Driver = self.env["crm.cost.driver"]
        before = Driver.search_count([])
        with self.assertRaises(ValidationError) as caught:
            self.driver("Follow-ups", "activity_type", rate=25)
        self.assertEqual(str(caught.exception),
                         "Cost driver Follow-ups counts the activities done of one type: choose the activity type.")
        self.assertEqual(Driver.search_count([]), before)

    def test_deliveries_come_with_inventory(self):
        # This database has no Inventory, so no crm_value_pyramid_stock (its tests run where it has).
        self.assertNotIn("stock.picking", self.env)
        sources = dict(self.env["crm.cost.driver"]._fields["source"]._description_selection(self.env))
        self.assertNotIn("delivery", sources)
        self.assertIn("sale_order", sources)

    def test_a_driver_of_an_uninstalled_source_cannot_be_active(self):
        Driver = self.env["crm.cost.driver"]
        before = Driver.search_count([])
        with self.assertRaises(ValidationError) as caught:
            self.driver("Shipping", "removed", rate=3)
        self.assertEqual(str(caught.exception), "Cost driver Shipping counted a source of an app that was "
                                                "uninstalled: choose another source, or install the app again.")
        self.assertEqual(Driver.search_count([]), before)
        archived = self.driver("Shipping", "removed", rate=3, active=False)
        self.assertFalse(archived.active)


@tagged("post_install", "-at_install")
class TestValueRunRows(ValueCase):
    """Lines and their costs have no foreign keys (crm_rfm's crm.run.rows.mixin):
    they go with their run and their partner."""

    def test_lines_and_costs_go_with_their_run_and_partner(self):
        buyers = [self.customer(f"Rows buyer {index}") for index in range(3)]
        for buyer in buyers:
            self.invoice(buyer, "2026-05-10", 100)
        # A partner without invoices (one with invoices cannot be deleted),
        # who caused a cost: an opportunity opened in May.
        gone = self.customer("Opportunity only")
        lead = self.env["crm.lead"].create({"name": "Interested", "partner_id": gone.id})
        self.env.cr.execute("UPDATE crm_lead SET create_date = '2026-05-05 10:00' WHERE id = %s", [lead.id])
        self.driver("Invoicing", "invoice", rate=4)
        self.driver("Opportunities", "lead", rate=60)
        older = self.company._value_pyramid_recompute(MAY_FROM, MAY_TO)
        current = self.company._value_pyramid_recompute(MAY_FROM, MAY_TO)
        Cost = self.env["crm.value.line.cost"]
        self.assertEqual(Cost.search_count([("line_id.run_id", "=", older.id)]), 4)
        older_id = older.id
        older.unlink()
        self.env.cr.execute("SELECT count(*) FROM crm_value_line WHERE run_id = %s", [older_id])
        self.assertEqual(self.env.cr.fetchone()[0], 0)
        self.env.cr.execute("SELECT count(*) FROM crm_value_line_cost c LEFT JOIN crm_value_line l ON l.id = c.line_id"
                            " WHERE l.id IS NULL")
        self.assertEqual(self.env.cr.fetchone()[0], 0, "no cost left without its line")
        self.assertEqual(Cost.search_count([("line_id.run_id", "=", current.id)]), 4)
        line_id = self.line_of(current, gone).id
        self.assertEqual(self.line_of(current, gone).cost_to_serve, 60)
        lead.unlink()
        gone.unlink()
        self.env.cr.execute("SELECT count(*) FROM crm_value_line_cost WHERE line_id = %s", [line_id])
        self.assertEqual(self.env.cr.fetchone()[0], 0)
        current.invalidate_recordset()
        self.assertEqual(len(current.line_ids), 3)


@tagged("post_install", "-at_install")
class TestPairedSources(ValueCase):
    """Orders and their lines, invoices and credit notes: counted in one scan
    each when both drivers are used, with the quantities each source gives
    alone."""

    def quantities(self, run):
        return {
            (cost.line_id.partner_id.name, cost.driver_id.source): cost.quantity
            for cost in self.env["crm.value.line.cost"].search([("line_id.run_id", "=", run.id)])
        }

    def test_paired_counts_equal_single_counts(self):
        product = self.env["product.product"].create({"name": "Widget", "list_price": 10})
        plan = {"Two orders": (2, 3, 1), "One order": (1, 1, 0), "No order": (0, 0, 2)}
        for name, (orders, lines, refunds) in plan.items():
            partner = self.customer(name)
            for _order in range(orders):
                order = self.env["sale.order"].create({
                    "partner_id": partner.id, "date_order": "2026-05-02 10:00:00",
                    "order_line": [Command.create({"product_id": product.id, "tax_id": []})] * lines,
                })
                order.action_confirm()
                order.date_order = "2026-05-02 10:00:00"  # confirming dates it now
            self.invoice(partner, "2026-05-10", 100)
            for _refund in range(refunds):
                self.invoice(partner, "2026-05-11", 10, move_type="out_refund")
        sources = ["sale_order", "order_line", "invoice", "credit_note"]
        drivers = self.env["crm.cost.driver"].union(*(self.driver(source, source, rate=1) for source in sources))
        together = self.quantities(self.company._value_pyramid_recompute(MAY_FROM, MAY_TO))
        alone = {}
        for driver in drivers:
            (drivers - driver).active = False
            alone.update(self.quantities(self.company._value_pyramid_recompute(MAY_FROM, MAY_TO)))
            drivers.active = True
        self.assertEqual(together, alone)
        self.assertEqual(together, {
            ("Two orders", "sale_order"): 2, ("Two orders", "order_line"): 6, ("Two orders", "invoice"): 1,
            ("Two orders", "credit_note"): 1, ("One order", "sale_order"): 1, ("One order", "order_line"): 1,
            ("One order", "invoice"): 1, ("No order", "invoice"): 1, ("No order", "credit_note"): 2,
        })


@tagged("post_install", "-at_install")
class TestDriverSources(ValueCase):
    def test_every_source_of_the_selection_has_its_method(self):
        """A source is one method of crm.value.run: a source without one would fail every run.
        (The removed source has none: its drivers are archived and cannot be reactivated.)"""
        run = self.env["crm.value.run"]
        sources = [value for value, _label in self.env["crm.cost.driver"]._fields["source"].selection]
        self.assertIn("late_payment_days", sources)
        sources.remove(REMOVED_SOURCE)
        for source in sources:
            self.assertTrue(callable(getattr(run, f"_driver_source_{source}", None)), source)

    def test_an_unknown_source_is_a_clear_error(self):
        run = self.company._value_pyramid_recompute(MAY_FROM, MAY_TO)
        with self.assertRaisesRegex(UserError, "Unknown cost driver source: telepathy"):
            run._driver_source_sql("telepathy")
