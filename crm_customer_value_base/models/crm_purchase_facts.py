from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import api, models
from odoo.exceptions import UserError
from odoo.tools import SQL

# How a company's purchases are counted (res.company.customer_purchase_source;
# the value pyramid and the CLV model always count invoices: they need the
# invoice lines' costs and the whole invoiced history).
EVER = date(1900, 1, 1)
PURCHASE_SOURCES = [("invoice", "Posted invoices net of credit notes"), ("order", "Confirmed sale orders")]


class CrmPurchaseFacts(models.AbstractModel):
    """What a purchase is: the one owner of the purchase facts per customer
    and period, and of the check that every counted document can be
    converted to the company's currency.

    RFM, the CLV model, the value pyramid, the satisfaction campaigns and the
    scorecard read a company's purchases, and who its active and inactive
    customers and prospects are, through these methods and nowhere else.
    """

    _name = "crm.purchase.facts"
    _description = "Purchase facts of the customers"

    @api.model
    def _check_currency_rates(self, company, source, date_from, date_to):
        """Refuse to count documents in a currency that has no exchange rate.

        Odoo converts such a document at 1:1 (res.currency._get_rates falls
        back to 1.0), so 1,000 JPY would count as 1,000 of the company's
        currency: the whole analysis would be silently wrong. The check first
        lists the active currencies without any rate (usually none, and then
        no document is read), then whether a counted document uses one.
        """
        self.env.flush_all()  # rates and documents are read in SQL
        self.env.cr.execute(SQL(
            """
            SELECT c.id, c.name FROM res_currency c
             WHERE c.active AND c.id != %(company_currency)s
               AND NOT EXISTS (SELECT 1 FROM res_currency_rate r WHERE r.currency_id = c.id
                                  AND (r.company_id IS NULL OR r.company_id = %(company)s))
            """,
            company=company.id, company_currency=company.currency_id.id,
        ))
        without_rate = dict(self.env.cr.fetchall())
        if not without_rate:
            return
        if source == "invoice":
            used = SQL(
                """
                SELECT DISTINCT m.currency_id FROM account_move m
                 WHERE m.company_id = %(company)s AND m.state = 'posted'
                   AND m.move_type IN ('out_invoice', 'out_refund')
                   AND m.invoice_date BETWEEN %(date_from)s AND %(date_to)s AND m.currency_id = ANY(%(currencies)s)
                """,
                company=company.id, date_from=date_from, date_to=date_to, currencies=list(without_rate),
            )
        else:
            used = SQL(
                """
                SELECT DISTINCT o.currency_id FROM sale_order o
                 WHERE o.company_id = %(company)s AND o.state = 'sale'
                   AND o.date_order >= %(date_from)s AND o.date_order < %(day_after)s
                   AND o.currency_id = ANY(%(currencies)s)
                """,
                company=company.id, date_from=date_from, day_after=date_to + relativedelta(days=1),
                currencies=list(without_rate),
            )
        self.env.cr.execute(used)
        missing = sorted(without_rate[currency_id] for currency_id, in self.env.cr.fetchall())
        if missing:
            raise UserError(self.env._(
                "Sales of %(company)s in %(currencies)s cannot be converted to %(company_currency)s: "
                "these currencies have no exchange rate. Enter their rates (Accounting > Configuration > "
                "Currencies) and correct the documents converted at 1:1 meanwhile, then recompute. "
                "Nothing was recomputed.",
                company=company.name, currencies=", ".join(missing), company_currency=company.currency_id.name,
            ))

    @api.model
    def _purchase_facts_sql(self, company, source, date_from, date_to, with_refunds=False):
        """Purchases of ``company``'s customers between two dates (included).

        One row per commercial partner with at least one purchase: its
        ``last_purchase_date``, ``frequency`` (purchase documents) and
        ``monetary`` (net untaxed amount in company currency). Other addons
        build on it for the net revenue of a customer over a period.

        ``with_refunds`` (invoice source): also a row per customer whose only
        documents of the period are credit notes (frequency 0, negative
        monetary), and the ``refund_count`` column: the net revenue of every
        customer, as the accounts have it.
        """
        if source == "invoice":
            # amount_untaxed_signed is in company currency at the invoice date
            # and negative on credit notes, which reduce revenue but are not
            # purchases.
            refunds = SQL(", count(*) FILTER (WHERE m.move_type = 'out_refund') AS refund_count")
            buyers_only = SQL("HAVING count(*) FILTER (WHERE m.move_type = 'out_invoice') > 0")
            return SQL(
                """
                SELECT m.commercial_partner_id AS partner_id,
                       max(m.invoice_date) FILTER (WHERE m.move_type = 'out_invoice') AS last_purchase_date,
                       count(*) FILTER (WHERE m.move_type = 'out_invoice') AS frequency,
                       sum(m.amount_untaxed_signed) AS monetary %(refunds)s
                  FROM account_move m
                 WHERE m.company_id = %(company)s AND m.state = 'posted'
                   AND m.move_type IN ('out_invoice', 'out_refund')
                   AND m.invoice_date BETWEEN %(date_from)s AND %(date_to)s
                 GROUP BY m.commercial_partner_id
                %(buyers_only)s
                """,
                company=company.id, date_from=date_from, date_to=date_to,
                refunds=refunds if with_refunds else SQL(), buyers_only=SQL() if with_refunds else buyers_only,
            )
        # A confirmed order's currency_rate is its currency per company
        # currency unit at the order date.
        return SQL(
            """
            SELECT p.commercial_partner_id AS partner_id,
                   max(o.date_order)::date AS last_purchase_date,
                   count(*) AS frequency,
                   sum(o.amount_untaxed / COALESCE(NULLIF(o.currency_rate, 0), 1)) AS monetary
              FROM sale_order o
              JOIN res_partner p ON p.id = o.partner_id
             WHERE o.company_id = %(company)s AND o.state = 'sale'
               AND o.date_order >= %(date_from)s AND o.date_order < %(day_after)s
             GROUP BY p.commercial_partner_id
            """,
            company=company.id, date_from=date_from, day_after=date_to + relativedelta(days=1),
        )

    # ------------------------------------------------------------------
    # Customer status: active, inactive, prospect
    # ------------------------------------------------------------------

    @api.model
    def _active_since(self, company, as_of):
        """First day of the window in which a purchase makes a customer active at ``as_of``: whole
        calendar months when ``as_of`` ends a month (the scorecard counts by month)."""
        return as_of + relativedelta(days=1) - relativedelta(months=company.customer_active_months)

    @api.model
    def _active_customers_sql(self, company, as_of):
        """SQL of the commercial partners active at ``as_of``: a purchase (the company's source) in the
        ``customer_active_months`` months up to it. One column, ``partner_id``."""
        facts = self._purchase_facts_sql(
            company, company.customer_purchase_source, self._active_since(company, as_of), as_of)
        return SQL("SELECT f.partner_id FROM (%s) f", facts)

    @api.model
    def _buyers_sql(self, company, as_of):
        """SQL of the commercial partners with a purchase up to ``as_of``, ever (``partner_id``)."""
        facts = self._purchase_facts_sql(company, company.customer_purchase_source, EVER, as_of)
        return SQL("SELECT f.partner_id FROM (%s) f", facts)

    @api.model
    def _inactive_customers_sql(self, company, as_of):
        """SQL of the commercial partners who bought before but are not active at ``as_of``."""
        return SQL("(%s) EXCEPT (%s)", self._buyers_sql(company, as_of), self._active_customers_sql(company, as_of))

    @api.model
    def _prospect_candidates_sql(self, company):
        """SQL of the commercial partners with an open lead or opportunity (active, not in a won
        stage) or a quotation (draft or sent) of ``company``: the prospects among them are those who
        never bought, which the caller subtracts with its own notion of a purchase."""
        return SQL(
            """
            SELECT p.commercial_partner_id AS partner_id
              FROM crm_lead l
              JOIN res_partner p ON p.id = l.partner_id
              LEFT JOIN crm_stage st ON st.id = l.stage_id
             WHERE l.company_id = %(company)s AND l.active AND NOT COALESCE(st.is_won, false)
             UNION
            SELECT p.commercial_partner_id
              FROM sale_order o JOIN res_partner p ON p.id = o.partner_id
             WHERE o.company_id = %(company)s AND o.state IN ('draft', 'sent')
            """,
            company=company.id,
        )

    @api.model
    def _prospects_sql(self, company, as_of):
        """SQL of the prospects of ``company``: an open lead, opportunity or quotation, and no purchase
        up to ``as_of``."""
        return SQL("(%s) EXCEPT (%s)", self._prospect_candidates_sql(company), self._buyers_sql(company, as_of))

