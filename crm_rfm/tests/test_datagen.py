"""The generator writes data that Odoo itself would have written.

Every later issue tests and benchmarks through this data, so what the SQL
writes is checked against what the ORM computes from the same records.
"""

from datetime import date

from odoo.tests import TransactionCase, tagged

from datagen import generate

DATE_TO = date(2026, 6, 30)


def fingerprint(cr, since_partner_id):
    """Id-free digest of what one generator run wrote."""
    cr.execute(
        """
        SELECT md5(string_agg(concat_ws('|', p.name, m.move_type, m.invoice_date, m.amount_total,
                                        m.amount_total_signed, c.name), ',' ORDER BY p.name, m.invoice_date,
                                        m.move_type, m.amount_total, m.amount_total_signed)),
               count(*)
          FROM account_move m
          JOIN res_partner p ON p.id = m.commercial_partner_id
          JOIN res_currency c ON c.id = m.currency_id
         WHERE p.id > %s
        """,
        [since_partner_id],
    )
    return cr.fetchone()


@tagged("post_install", "-at_install")
class TestDataGenerator(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.cr.execute("SELECT COALESCE(max(id), 0) FROM res_partner")
        cls.first_partner_id = cls.env.cr.fetchone()[0]
        cls.stats = generate(cls.env, customers=400, seed=7, date_to=DATE_TO)
        first_id, last_id = cls.stats["customer_id_range"]
        cls.customers = cls.env["res.partner"].search([("id", ">=", first_id), ("id", "<=", last_id)])
        cls.invoices = cls.env["account.move"].search(
            [("commercial_partner_id", "in", cls.customers.ids), ("move_type", "in", ("out_invoice", "out_refund"))]
        )
        cls.orders = cls.env["sale.order"].search([("partner_id.commercial_partner_id", "in", cls.customers.ids)])

    def test_sizes(self):
        self.assertEqual(len(self.customers), 400)
        rows = self.stats["rows"]
        self.assertEqual(rows["sale_order"], len(self.orders))
        # About ten documents per customer, heavy-tailed: far from uniform.
        self.assertTrue(7 <= len(self.orders) / 400 <= 14, len(self.orders))
        self.assertGreater(rows["crm_lead"], 0)
        self.assertGreater(rows["mail_activity"], 0)

    def test_invoice_totals_match_odoo_computation(self):
        # Every credit note and every foreign-currency move, plus 150 invoices:
        # recomputing all of them through the ORM would take minutes.
        moves = self.invoices.filtered(
            lambda m: m.move_type == "out_refund" or m.currency_id != m.company_currency_id
        ) | self.invoices[:150]
        fields_ = ["amount_untaxed", "amount_total", "amount_untaxed_signed", "amount_total_signed",
                   "amount_residual", "amount_residual_signed", "payment_state"]
        written = {m.id: [m[f] for f in fields_] for m in moves}
        self.env.invalidate_all()
        moves._compute_amount()
        moves._compute_payment_state()
        recomputed = {m.id: [m[f] for f in fields_] for m in moves}
        self.assertEqual(written, recomputed)
        self.env.cr.execute(
            "SELECT count(*) FROM (SELECT move_id FROM account_move_line WHERE move_id = ANY(%s) "
            "GROUP BY move_id HAVING sum(balance) <> 0 OR sum(debit) <> sum(credit)) unbalanced",
            [moves.ids],
        )
        self.assertEqual(self.env.cr.fetchone()[0], 0, "every move balances to the cent")

    def test_order_totals_and_invoice_links_match_odoo_computation(self):
        orders = self.orders
        written = {o.id: (o.amount_untaxed, o.amount_total, o.invoice_status) for o in orders}
        self.env.invalidate_all()
        orders.order_line._compute_amount()
        orders._compute_amounts()
        orders.order_line._compute_qty_invoiced()
        orders.order_line._compute_invoice_status()
        orders._compute_invoice_status()
        self.assertEqual(written, {o.id: (o.amount_untaxed, o.amount_total, o.invoice_status) for o in orders})
        invoiced = orders.filtered(lambda o: o.invoice_status == "invoiced")
        self.assertTrue(invoiced)
        for order in invoiced[:50]:
            invoice = order.invoice_ids.filtered(lambda m: m.move_type == "out_invoice")
            self.assertEqual(len(invoice), 1)
            self.assertEqual(invoice.amount_untaxed, order.amount_untaxed)
            self.assertEqual(invoice.invoice_origin, order.name)

    def test_second_currency_converted_at_document_date(self):
        foreign = self.invoices.filtered(lambda m: m.currency_id != m.company_currency_id)
        self.assertTrue(foreign, "some customers pay in a second currency")
        for move in foreign[:40]:
            for line in move.invoice_line_ids:
                expected = move.currency_id._convert(
                    line.amount_currency, move.company_currency_id, move.company_id, move.invoice_date
                )
                self.assertAlmostEqual(line.balance, expected, places=2)

    def test_credit_notes_reverse_an_invoice_of_the_same_customer(self):
        refunds = self.invoices.filtered(lambda m: m.move_type == "out_refund")
        self.assertTrue(refunds)
        for refund in refunds:
            original = refund.reversed_entry_id
            self.assertEqual(original.move_type, "out_invoice")
            self.assertEqual(original.commercial_partner_id, refund.commercial_partner_id)
            self.assertLessEqual(refund.amount_untaxed, original.amount_untaxed)
            self.assertGreaterEqual(refund.invoice_date, original.invoice_date)
            self.assertLess(refund.amount_total_signed, 0)

    def test_contacts_roll_up_to_their_company(self):
        b2b = self.customers.filtered("is_company")
        self.assertTrue(b2b)
        contacts = self.env["res.partner"].search([("parent_id", "in", b2b.ids)])
        self.assertTrue(contacts)
        self.assertEqual(contacts.commercial_partner_id, contacts.parent_id)
        by_contact = self.invoices.filtered(lambda m: m.partner_id.parent_id)
        self.assertTrue(by_contact, "contacts of companies place orders")
        for move in by_contact:
            self.assertEqual(move.commercial_partner_id, move.partner_id.parent_id)

    def test_two_companies_each_with_its_own_documents(self):
        companies = self.invoices.company_id
        self.assertEqual(len(companies), 2)
        for move in self.invoices[:200]:
            self.assertEqual(move.journal_id.company_id, move.company_id)
            self.assertEqual(move.partner_id.company_id, move.company_id)

    def test_prospects_have_leads_and_quotations_but_no_invoice(self):
        prospects = self.customers.filtered(lambda p: p.customer_rank == 0)
        self.assertTrue(0.05 < len(prospects) / len(self.customers) < 0.2, len(prospects))
        self.assertFalse(prospects & self.invoices.commercial_partner_id)
        leads = self.env["crm.lead"].with_context(active_test=False).search([("partner_id", "in", prospects.ids)])
        self.assertEqual(leads.partner_id, prospects, "every prospect has an opportunity")
        quotations = self.orders.filtered(lambda o: o.partner_id.commercial_partner_id in prospects)
        self.assertTrue(quotations)
        self.assertEqual(set(quotations.mapped("state")), {"draft", "sent"})

    def test_spend_is_heavy_tailed_and_seasonal(self):
        self.env.cr.execute(
            """
            WITH spend AS (
                SELECT commercial_partner_id, sum(amount_untaxed_signed) AS amount,
                       ntile(5) OVER (ORDER BY sum(amount_untaxed_signed) DESC) AS quintile
                  FROM account_move WHERE id = ANY(%s) GROUP BY commercial_partner_id
            )
            SELECT sum(amount) FILTER (WHERE quintile = 1) / sum(amount) FROM spend
            """,
            [self.invoices.ids],
        )
        top_quintile_share = self.env.cr.fetchone()[0]
        self.assertGreater(top_quintile_share, 0.55, "the best fifth of the customers brings most of the revenue")
        self.env.cr.execute(
            """
            SELECT count(*) FILTER (WHERE extract(month FROM date_order) IN (11, 12))::float
                   / count(*) FILTER (WHERE extract(month FROM date_order) IN (6, 7))
              FROM sale_order WHERE id = ANY(%s) AND state = 'sale'
            """,
            [self.orders.ids],
        )
        self.assertGreater(self.env.cr.fetchone()[0], 1.5, "year-end months sell more than summer months")

    def test_same_seed_same_data_other_seed_other_data(self):
        first = fingerprint(self.env.cr, self.first_partner_id)
        self.env.cr.execute("SAVEPOINT regenerate")
        self.env.cr.execute("SELECT max(id) FROM res_partner")
        since = self.env.cr.fetchone()[0]
        generate(self.env, customers=400, seed=7, date_to=DATE_TO)
        self.assertEqual(fingerprint(self.env.cr, since), first)
        self.env.cr.execute("ROLLBACK TO SAVEPOINT regenerate")
        self.env.invalidate_all()
        self.env.cr.execute("SELECT max(id) FROM res_partner")
        since = self.env.cr.fetchone()[0]
        generate(self.env, customers=400, seed=8, date_to=DATE_TO)
        self.assertNotEqual(fingerprint(self.env.cr, since), first)
