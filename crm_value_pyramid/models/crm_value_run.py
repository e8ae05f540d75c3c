import time

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from odoo.addons.crm_customer_value_base.tools.access import VALUE_MANAGER

from ..lib import pyramid
from .crm_value_line import COMPARE_CONTEXT
from .res_partner import VALUE_RESULTS

# Namespace of the advisory lock that keeps one run per company at a time.
RECOMPUTE_LOCK = 0x565059  # "VPY"


class CrmValueRun(models.Model):
    """One allocation of the cost to serve of one company over one period,
    with the value and pyramid level of every customer involved."""

    _name = "crm.value.run"
    _inherit = ["crm.run.history.mixin"]
    _description = "Customer Value Run"
    _order = "date_to desc, id desc"
    _check_company_auto = True
    _run_lock_namespace = RECOMPUTE_LOCK
    # JIT compiling these wide statements takes longer (a second or more)
    # than it saves, and the sorts and hashes over every customer (and every
    # customer x driver) spill to disk with the default 4 MB of work memory.
    _run_session_settings = {"jit": "off", "work_mem": "128MB"}
    _run_date_field = "date_to"
    _run_current_field = "value_current_run_id"
    _run_requested_field = "value_recompute_requested"
    _run_failed_date_field = "value_failed_date"
    _run_error_field = "value_error"
    _run_manager_group = VALUE_MANAGER
    _run_backfill = True
    _run_compare_matrix_xmlid = "crm_value_pyramid.crm_value_line_migration_action"
    _run_compare_context_key = COMPARE_CONTEXT
    _run_compare_wizard_xmlid = "crm_value_pyramid.crm_value_compare_action"

    name = fields.Char(compute="_compute_name")
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    date_from = fields.Date("From", required=True, readonly=True)
    date_to = fields.Date("To", required=True, readonly=True)
    previous_run_id = fields.Many2one(
        "crm.value.run", "Compared with", readonly=True, check_company=True, ondelete="set null",
        help="The run whose levels are the previous levels of this one: the run current when this one was made, "
             "or, once that one is pruned, the kept run before it.",
    )
    rank_by = fields.Selection([("profit", "Profit"), ("revenue", "Revenue")], required=True, readonly=True)
    top_share = fields.Float("Top (%)", readonly=True)
    big_share = fields.Float("Big (%)", readonly=True)
    medium_share = fields.Float("Medium (%)", readonly=True)
    small_share = fields.Float("Small (%)", readonly=True)
    fixed_cost_allocation = fields.Selection(
        [("revenue", "Spread by revenue share"), ("none", "Left unallocated")], required=True, readonly=True
    )
    active_count = fields.Integer("Active customers", readonly=True)
    customer_count = fields.Integer("Customers involved", readonly=True)
    revenue = fields.Monetary(readonly=True, groups=VALUE_MANAGER)
    cogs = fields.Monetary("Cost of goods sold", readonly=True, groups=VALUE_MANAGER)
    gross_margin = fields.Monetary(readonly=True, groups=VALUE_MANAGER)
    driver_cost = fields.Monetary("Activity costs allocated", readonly=True, groups=VALUE_MANAGER)
    driver_unallocated = fields.Monetary("Activity pools unallocated", readonly=True, groups=VALUE_MANAGER)
    direct_cost = fields.Monetary("Direct costs", readonly=True, groups=VALUE_MANAGER)
    fixed_pool = fields.Monetary("Fixed costs of the period", readonly=True, groups=VALUE_MANAGER)
    fixed_cost = fields.Monetary("Fixed costs allocated", readonly=True, groups=VALUE_MANAGER)
    fixed_unallocated = fields.Monetary("Fixed costs unallocated", readonly=True, groups=VALUE_MANAGER)
    profit = fields.Monetary("Customer profit", readonly=True, groups=VALUE_MANAGER)
    net_profit = fields.Monetary(
        "Profit after unallocated costs", readonly=True, groups=VALUE_MANAGER,
        help="Customer profit minus what was left unallocated: reconciles with the cost pools.",
    )
    duration = fields.Float("Duration (s)", readonly=True, digits=(16, 2))
    line_ids = fields.One2many("crm.value.line", "run_id")
    # {level: customers}, written with the run: pyramid charts beside other
    # dashboards never regroup a million lines.
    level_counts = fields.Json(readonly=True)
    driver_ids = fields.One2many("crm.value.run.driver", "run_id", groups=VALUE_MANAGER)

    @api.depends("date_from", "date_to")
    def _compute_name(self):
        for run in self:
            run.name = self.env._("Value %(date_from)s – %(date_to)s", date_from=run.date_from, date_to=run.date_to)

    # ------------------------------------------------------------------
    # The computation: one statement per step, over the whole company.
    # ------------------------------------------------------------------

    @api.model
    def _run_prepare(self, company, date_from, date_to):
        date_from, date_to = fields.Date.to_date(date_from), fields.Date.to_date(date_to)
        if not (date_from and date_to) or date_to < date_from:
            raise UserError(self.env._("A value run needs a period whose end is not before its start."))
        company._value_check_settings()
        self.env["crm.purchase.facts"]._check_currency_rates(company, "invoice", date_from, date_to)
        return {"date_from": date_from, "date_to": date_to}

    @api.model
    def _run_steps(self, company, params):
        started = time.perf_counter()
        date_from, date_to = params["date_from"], params["date_to"]
        company = company.sudo()
        run = self.sudo().create({
            "company_id": company.id,
            "date_from": date_from,
            "date_to": date_to,
            "previous_run_id": self._run_previous_for(company, date_to).id,
            "rank_by": company.value_rank_by,
            "top_share": company.value_top_share,
            "big_share": company.value_big_share,
            "medium_share": company.value_medium_share,
            "small_share": company.value_small_share,
            "fixed_cost_allocation": company.value_fixed_cost_allocation,
            "fixed_pool": pyramid.period_pool_cents(company.value_fixed_cost_monthly, date_from, date_to) / 100,
        })
        run._create_run_drivers()
        # Temporary tables live until the end of the step that drops them, or
        # are rolled back with the run when it fails.
        cr = self.env.cr
        cr.execute(SQL("CREATE TEMP TABLE crm_value_sales AS %s", run._sales_query()))
        cr.execute(SQL("CREATE TEMP TABLE crm_value_alloc AS %s", run._allocation_query()))
        run._update_driver_volumes()
        cr.execute(SQL("CREATE TEMP TABLE crm_value_fixed AS %s", run._fixed_cost_query()))
        # Fresh temporary tables have no statistics: give the planner some.
        cr.execute(SQL("ANALYZE crm_value_sales, crm_value_alloc, crm_value_fixed"))
        run._insert_lines()
        run.level_counts = run._count_levels()
        run._insert_line_costs()
        run._update_totals()
        cr.execute(SQL("DROP TABLE crm_value_sales, crm_value_alloc, crm_value_fixed"))
        run.duration = time.perf_counter() - started
        # Publishing: the partners read the lines of the company's current run.
        if run._run_is_latest():
            company.value_current_run_id = run
            self.env["res.partner"].invalidate_model(list(VALUE_RESULTS.columns))
        return run

    @api.model
    def _run_busy_message(self, company):
        return self.env._(
            "A customer value recompute is already running for %(company)s. Try again when it has finished.",
            company=company.name,
        )

    def unlink(self):
        # Its lines and their costs go with it (crm.run.rows.mixin: no
        # foreign key cascades).
        self.env["crm.value.line"]._delete_rows(SQL("run_id = ANY(%s)", self.ids))
        return super().unlink()

    def _count_levels(self):
        self.env.cr.execute(SQL(
            "SELECT level, count(*) FROM crm_value_line WHERE run_id = %s GROUP BY level", self.id,
        ))
        return dict(self.env.cr.fetchall())

    def _level_sizes(self):
        """{level: customers} of this run (counted from its lines for runs older than level_counts)."""
        self.ensure_one()
        # The ORM reads a NULL Json column as False, not None.
        return self.level_counts or self._count_levels()

    @api.model
    def _lines_sql(self, run_ids):
        """The value lines of runs, for other addons' reports (the scorecard):
        rows (run_id, partner_id, level, revenue, cost_to_serve, profit)."""
        return SQL(
            "SELECT run_id, partner_id, level, revenue, cost_to_serve, profit FROM crm_value_line"
            " WHERE run_id = ANY(%s)",
            list(run_ids),
        )

    def _create_run_drivers(self):
        """Freeze the company's active drivers, with the pool of the period."""
        self.ensure_one()
        drivers = self.env["crm.cost.driver"].sudo().search([("company_id", "=", self.company_id.id)])
        self.env["crm.value.run.driver"].sudo().create([{
            "run_id": self.id,
            "company_id": self.company_id.id,
            "driver_id": driver.id,
            "sequence": driver.sequence,
            "source": driver.source,
            "activity_type_id": driver.activity_type_id.id if driver.source == "activity_type" else False,
            "rate_method": driver.rate_method,
            "rate": driver.rate if driver.rate_method == "entered" else 0.0,
            "pool_amount": pyramid.period_pool_cents(driver.pool_amount, self.date_from, self.date_to) / 100
            if driver.rate_method == "pool" else 0.0,
        } for driver in drivers])

    # -- revenue and cost of goods sold ---------------------------------

    def _sales_query(self):
        """Per customer invoiced or credited in the period: net revenue from
        crm_rfm's purchase facts, whether it bought (``is_active``), its
        invoices and credit notes (two driver quantities, counted in the
        same scan) and the cost of goods sold of the same invoice lines.
        A customer with only credit notes in the period is not active, but
        its negative revenue and returned cost count.

        The unit cost of an invoice line is the cost its sale order line
        recorded at the time of sale (sale_margin's purchase_price, in the
        order currency, converted at the order's rate); a line without one
        takes the product's current standard cost in the company. Credit
        notes give the cost back.
        """
        self.ensure_one()
        company = self.company_id
        facts = self.env["crm.purchase.facts"]._purchase_facts_sql(
            company, "invoice", self.date_from, self.date_to, with_refunds=True,
        )
        return SQL(
            """
            SELECT f.partner_id, f.frequency > 0 AS is_active, f.monetary AS revenue, COALESCE(c.cogs, 0) AS cogs,
                   f.frequency AS invoice_count, f.refund_count
              FROM (%(facts)s) f
              LEFT JOIN (
                    SELECT m.commercial_partner_id AS partner_id,
                           sum(CASE WHEN m.move_type = 'out_refund' THEN -1 ELSE 1 END * l.quantity
                               * COALESCE(sold.unit_cost, (pp.standard_price ->> %(company_key)s)::numeric, 0)) AS cogs
                      FROM account_move_line l
                      JOIN account_move m ON m.id = l.move_id
                      JOIN product_product pp ON pp.id = l.product_id
                      LEFT JOIN (
                            SELECT rel.invoice_line_id,
                                   avg(sol.purchase_price / COALESCE(NULLIF(so.currency_rate, 0), 1)) AS unit_cost
                              FROM sale_order_line_invoice_rel rel
                              JOIN sale_order_line sol ON sol.id = rel.order_line_id
                              JOIN sale_order so ON so.id = sol.order_id
                             WHERE so.company_id = %(company)s AND sol.purchase_price IS NOT NULL
                             GROUP BY rel.invoice_line_id
                           ) sold ON sold.invoice_line_id = l.id
                     WHERE m.company_id = %(company)s AND m.state = 'posted'
                       AND m.move_type IN ('out_invoice', 'out_refund')
                       AND m.invoice_date BETWEEN %(date_from)s AND %(date_to)s
                       AND l.display_type = 'product'
                       -- The same conditions on the line's stored copies of
                       -- its invoice's fields: lines of other periods are
                       -- dropped while scanning, before the join (15M lines
                       -- of all time against 6M of the period at 1M
                       -- customers: 27 s to 16 s).
                       AND l.parent_state = 'posted' AND l.company_id = %(company)s
                       AND l.invoice_date BETWEEN %(date_from)s AND %(date_to)s
                     GROUP BY m.commercial_partner_id
                   ) c ON c.partner_id = f.partner_id
            """,
            facts=facts, company=company.id, company_key=str(company.id),
            date_from=self.date_from, date_to=self.date_to,
        )

    # -- activity-based costs -------------------------------------------

    def _driver_source_sql(self, source, activity_type=None):
        """Quantity of ``source`` per commercial partner over the run's
        period: rows (partner_id, quantity). ``activity_type``: the type the
        source "activity_type" counts.

        Each source is the method ``_driver_source_<source>``: a new source
        is a ``selection_add`` on crm.cost.driver's ``source`` and one method.
        """
        method = getattr(self, f"_driver_source_{source}", None)
        if method is None:
            raise UserError(self.env._("Unknown cost driver source: %(name)s", name=source))
        return method(activity_type)

    def _driver_source_params(self):
        return {
            "company": self.company_id.id, "date_from": self.date_from, "date_to": self.date_to,
            "day_after": self.date_to + relativedelta(days=1),
        }

    def _driver_confirmed_orders(self):
        """Condition on sale_order ``o``: confirmed by the run's company in its period."""
        return SQL(
            """
            o.company_id = %(company)s AND o.state = 'sale'
            AND o.date_order >= %(date_from)s AND o.date_order < %(day_after)s
            """,
            **self._driver_source_params(),
        )

    def _driver_source_sale_order(self, activity_type=None, lines=None):
        """Confirmed sale orders of the period (their lines, with ``lines``)."""
        return SQL(
            """
            SELECT p.commercial_partner_id AS partner_id, count(*) AS quantity
              FROM sale_order o
              JOIN res_partner p ON p.id = o.partner_id
              %(lines)s
             WHERE %(confirmed)s
             GROUP BY p.commercial_partner_id
            """,
            lines=lines or SQL(), confirmed=self._driver_confirmed_orders(),
        )

    def _driver_source_order_line(self, activity_type=None):
        return self._driver_source_sale_order(lines=SQL(
            "JOIN sale_order_line l ON l.order_id = o.id AND l.display_type IS NULL"
        ))

    def _driver_source_invoice(self, activity_type=None):
        # Counted with the revenue (_sales_query), in the same scan.
        return SQL("SELECT partner_id, invoice_count AS quantity FROM crm_value_sales")

    def _driver_source_credit_note(self, activity_type=None):
        # Counted with the revenue (_sales_query), in the same scan.
        return SQL("SELECT partner_id, refund_count AS quantity FROM crm_value_sales")

    def _driver_source_lead(self, activity_type=None):
        # Lost and archived leads cost as much to handle as the others.
        return SQL(
            """
            SELECT p.commercial_partner_id AS partner_id, count(*) AS quantity
              FROM crm_lead l
              JOIN res_partner p ON p.id = l.partner_id
             WHERE l.company_id = %(company)s
               AND l.create_date >= %(date_from)s AND l.create_date < %(day_after)s
             GROUP BY p.commercial_partner_id
            """,
            **self._driver_source_params(),
        )

    def _driver_source_activity_type(self, activity_type=None):
        return self._driver_source_activity_done(of_type=SQL("AND t.id = %s", activity_type))

    def _driver_source_activity_done(self, activity_type=None, of_type=None):
        """Activities done in the period on the customers, their leads and orders (of one type, with ``of_type``).

        Odoo 18 keeps a done activity archived with its date_done when its
        type keeps done activities, and otherwise deletes it and leaves only
        the "activity done" message: each is counted once.
        """
        return SQL(
            """
            SELECT partner_id, count(*) AS quantity FROM (
                SELECT d.res_model, d.res_id
                  FROM mail_activity d
                  LEFT JOIN mail_activity_type t ON t.id = d.activity_type_id
                 WHERE NOT d.active AND d.date_done BETWEEN %(date_from)s AND %(date_to)s %(of_type)s
                 UNION ALL
                SELECT msg.model, msg.res_id
                  FROM mail_message msg
                  JOIN mail_activity_type t ON t.id = msg.mail_activity_type_id
                 WHERE NOT COALESCE(t.keep_done, false)
                   AND msg.date >= %(date_from)s AND msg.date < %(day_after)s %(of_type)s
            ) done
            JOIN LATERAL (
                SELECT p.commercial_partner_id AS partner_id
                  FROM res_partner p
                 WHERE done.res_model = 'res.partner' AND p.id = done.res_id
                   AND (p.company_id IS NULL OR p.company_id = %(company)s)
                 UNION ALL
                SELECT p.commercial_partner_id
                  FROM crm_lead l JOIN res_partner p ON p.id = l.partner_id
                 WHERE done.res_model = 'crm.lead' AND l.id = done.res_id AND l.company_id = %(company)s
                 UNION ALL
                SELECT p.commercial_partner_id
                  FROM sale_order o JOIN res_partner p ON p.id = o.partner_id
                 WHERE done.res_model = 'sale.order' AND o.id = done.res_id AND o.company_id = %(company)s
            ) target ON true
            GROUP BY partner_id
            """,
            of_type=of_type or SQL(), **self._driver_source_params(),
        )

    def _driver_source_late_payment_days(self, activity_type=None):
        # Days inside the period that invoices still unpaid today were
        # past due (Odoo keeps no payment date on a paid invoice).
        return SQL(
            """
            SELECT m.commercial_partner_id AS partner_id,
                   sum(%(date_to)s::date - greatest(m.invoice_date_due, %(date_from)s::date - 1)) AS quantity
              FROM account_move m
             WHERE m.company_id = %(company)s AND m.state = 'posted' AND m.move_type = 'out_invoice'
               AND m.payment_state IN ('not_paid', 'partial') AND m.invoice_date_due < %(date_to)s
             GROUP BY m.commercial_partner_id
            """,
            **self._driver_source_params(),
        )

    def _quantity_query(self):
        """Driver quantity per (run driver, customer), every source in one statement."""
        self.ensure_one()
        # Each quantity once, however many drivers cost it.
        sources = sorted({(driver.source, driver.activity_type_id.id or 0) for driver in self.driver_ids.sudo()})
        if not sources:
            return SQL("SELECT NULL::int AS run_driver_id, NULL::int AS partner_id, 0::numeric AS quantity LIMIT 0")
        parts = []
        if ("sale_order", 0) in sources and ("order_line", 0) in sources:
            sources.remove(("sale_order", 0))
            sources.remove(("order_line", 0))
            parts.append(self._orders_and_lines_sql())
        parts += [
            SQL("SELECT %s AS source, %s AS activity_type_id, s.partner_id, s.quantity::numeric FROM (%s) s",
                source, activity_type, self._driver_source_sql(source, activity_type))
            for source, activity_type in sources
        ]
        union = SQL(" UNION ALL ").join(parts)
        return SQL(
            """
            SELECT rd.id AS run_driver_id, q.partner_id, q.quantity
              FROM (%s) q
              JOIN crm_value_run_driver rd
                ON rd.source = q.source AND COALESCE(rd.activity_type_id, 0) = q.activity_type_id AND rd.run_id = %s
             WHERE q.quantity > 0
            """,
            union, self.id,
        )

    def _orders_and_lines_sql(self):
        """The sources "sale_order" and "order_line" counted together, as
        rows of (source, activity_type_id, partner_id, quantity) like
        _quantity_query's: the same quantities as _driver_source_sql's.

        Orders and their lines are counted per ordering partner in one
        aggregate (no grouping per order, millions of groups), then rolled
        up to the commercial partners.
        """
        confirmed = self._driver_confirmed_orders()
        return SQL(
            """
            SELECT v.source, 0 AS activity_type_id, c.partner_id, v.quantity::numeric
              FROM (SELECT p.commercial_partner_id AS partner_id, sum(d.orders) AS orders, sum(d.lines) AS lines
                      FROM (SELECT partner_id, count(*) FILTER (WHERE is_order) AS orders,
                                   count(*) FILTER (WHERE NOT is_order) AS lines
                              FROM (SELECT o.partner_id, true AS is_order FROM sale_order o WHERE %(confirmed)s
                                     UNION ALL
                                    SELECT o.partner_id, false
                                      FROM sale_order o
                                      JOIN sale_order_line l ON l.order_id = o.id AND l.display_type IS NULL
                                     WHERE %(confirmed)s) documents
                             GROUP BY partner_id) d
                      JOIN res_partner p ON p.id = d.partner_id
                     GROUP BY p.commercial_partner_id) c
             CROSS JOIN LATERAL (VALUES ('sale_order', c.orders), ('order_line', c.lines)) AS v(source, quantity)
            """,
            confirmed=confirmed,
        )

    def _update_driver_volumes(self):
        self.env.cr.execute(SQL(
            """
            UPDATE crm_value_run_driver rd
               SET total_quantity = COALESCE(q.total, 0),
                   rate = CASE WHEN rd.rate_method = 'pool'
                               THEN COALESCE(rd.pool_amount / NULLIF(q.total, 0), 0) ELSE rd.rate END
              FROM crm_value_run_driver this
              LEFT JOIN (SELECT run_driver_id, sum(quantity) AS total FROM crm_value_alloc GROUP BY run_driver_id) q
                ON q.run_driver_id = this.id
             WHERE this.run_id = %s AND rd.id = this.id
            """,
            self.id,
        ))

    def _allocation_query(self):
        """Each customer's quantity and cost per driver, in exact cents.

        Entered rate: quantity x rate, rounded to the cent. Cost pool: the
        pool in cents split by quantity with largest remainders (as
        lib.pyramid.largest_remainder, with exact integer division and
        remainder: see _fixed_cost_query), so the parts add up to the pool;
        only these rows are ranked (a sort per pool driver).
        """
        return SQL(
            """
            WITH crm_value_quantity AS (%s)
            SELECT q.run_driver_id, rd.driver_id, q.partner_id, q.quantity,
                   round(q.quantity * rd.rate::numeric, 2) AS amount
              FROM crm_value_quantity q
              JOIN crm_value_run_driver rd ON rd.id = q.run_driver_id
             WHERE rd.rate_method = 'entered'
             UNION ALL
            SELECT run_driver_id, driver_id, partner_id, quantity,
                   (base_cents + CASE WHEN row_number() OVER (PARTITION BY run_driver_id
                                                              ORDER BY remainder DESC, partner_id)
                                           <= pool_cents - sum(base_cents) OVER (PARTITION BY run_driver_id)
                                      THEN 1 ELSE 0 END) / 100.0
              FROM (
                    SELECT s.*, div(pool_cents * quantity, total) AS base_cents,
                           mod(pool_cents * quantity, total) AS remainder
                      FROM (
                            SELECT q.run_driver_id, rd.driver_id, q.partner_id, q.quantity,
                                   round(rd.pool_amount * 100) AS pool_cents,
                                   sum(q.quantity) OVER (PARTITION BY q.run_driver_id) AS total
                              FROM crm_value_quantity q
                              JOIN crm_value_run_driver rd ON rd.id = q.run_driver_id
                             WHERE rd.rate_method = 'pool'
                           ) s
                   ) a
            """,
            self._quantity_query(),
        )

    def _fixed_cost_query(self):
        """The fixed costs of the period spread over the active customers by
        their share of the positive revenue, in exact cents: rows of
        (partner_id, fixed_cost), none when fixed costs are left unallocated.

        The share of a customer is pool_cents x revenue / total revenue: its
        integer part (div) is its base in cents, and the cents left by
        rounding go to the largest remainders (mod), as in
        lib.pyramid.largest_remainder. Integer division and remainder are
        exact where the fraction is not, and cheaper than it.
        """
        fixed_cents = round(self.sudo().fixed_pool * 100) if self.fixed_cost_allocation == "revenue" else 0
        return SQL(
            """
            SELECT partner_id,
                   (base_cents + CASE WHEN row_number() OVER (ORDER BY remainder DESC, partner_id)
                                           <= %(fixed_cents)s - sum(base_cents) OVER () THEN 1 ELSE 0 END)
                   / 100.0 AS fixed_cost
              FROM (SELECT s.partner_id, div(%(fixed_cents)s * s.revenue, t.revenue) AS base_cents,
                           mod(%(fixed_cents)s * s.revenue, t.revenue) AS remainder
                      FROM crm_value_sales s,
                           (SELECT sum(revenue) AS revenue FROM crm_value_sales WHERE is_active AND revenue > 0) t
                     WHERE s.is_active AND s.revenue > 0 AND %(fixed_cents)s > 0) shares
            """,
            fixed_cents=fixed_cents,
        )

    # -- customers, levels and the whale curve ----------------------------

    def _insert_lines(self):
        """Every customer involved, with its value and one pyramid level.

        The lines (and their costs) leave create_uid/write_uid empty: the run
        records who computed it, and each user foreign key would cost a check
        per row.

        Involved: active in the period (bought), credited, caused a cost, bought
        before (inactive), or has an open lead, opportunity or quotation
        (prospect). Active customers are ranked by profit (or revenue) and
        cut into Top/Big/Medium/Small by the boundaries of lib.pyramid.
        """
        self.ensure_one()
        cr = self.env.cr
        cr.execute(SQL("SELECT count(*) FROM crm_value_sales WHERE is_active"))
        active_count = cr.fetchone()[0]
        boundaries = pyramid.level_boundaries(active_count, {
            "top": self.top_share, "big": self.big_share, "medium": self.medium_share, "small": self.small_share,
        })
        company = self.company_id.id
        rank_value = SQL("profit") if self.rank_by == "profit" else SQL("revenue")
        cr.execute(SQL(
            """
            WITH bought_before AS (
                SELECT DISTINCT m.commercial_partner_id AS partner_id
                  FROM account_move m
                 WHERE m.company_id = %(company)s AND m.state = 'posted' AND m.move_type = 'out_invoice'
                   AND m.invoice_date < %(date_from)s
            ), driver_costs AS (
                SELECT partner_id, sum(amount) AS amount FROM crm_value_alloc GROUP BY partner_id
            ), involved AS (
                SELECT partner_id FROM crm_value_sales
                 UNION
                SELECT partner_id FROM driver_costs
                 UNION
                SELECT p.commercial_partner_id
                  FROM crm_customer_cost c JOIN res_partner p ON p.id = c.partner_id
                 WHERE c.company_id = %(company)s AND c.date BETWEEN %(date_from)s AND %(date_to)s
                 UNION
                SELECT partner_id FROM bought_before
                 UNION
                -- Open leads, opportunities and quotations: the prospects of
                -- crm_customer_value_base (those who never bought).
                SELECT partner_id FROM (%(prospect_candidates)s) prospect_candidates
            ), base AS (
                SELECT i.partner_id, COALESCE(s.is_active, false) AS is_active,
                       COALESCE(s.revenue, 0) AS revenue, COALESCE(s.cogs, 0) AS cogs,
                       COALESCE(a.amount, 0) AS driver_cost, COALESCE(d.amount, 0) AS direct_cost,
                       COALESCE(fx.fixed_cost, 0) AS fixed_cost, bb.partner_id IS NOT NULL AS bought_before
                  FROM involved i
                  LEFT JOIN crm_value_sales s ON s.partner_id = i.partner_id
                  LEFT JOIN crm_value_fixed fx ON fx.partner_id = i.partner_id
                  LEFT JOIN bought_before bb ON bb.partner_id = i.partner_id
                  LEFT JOIN driver_costs a ON a.partner_id = i.partner_id
                  LEFT JOIN (SELECT p.commercial_partner_id AS partner_id, sum(c.amount) AS amount
                               FROM crm_customer_cost c JOIN res_partner p ON p.id = c.partner_id
                              WHERE c.company_id = %(company)s AND c.date BETWEEN %(date_from)s AND %(date_to)s
                              GROUP BY p.commercial_partner_id) d
                    ON d.partner_id = i.partner_id
                 WHERE i.partner_id IS NOT NULL
            ), valued AS (
                SELECT b.*, b.driver_cost + b.direct_cost + b.fixed_cost AS cost_to_serve,
                       b.revenue - b.cogs - b.driver_cost - b.direct_cost - b.fixed_cost AS profit
                  FROM base b
            ), ranked AS (
                SELECT v.*,
                       CASE WHEN v.is_active THEN row_number() OVER (
                            PARTITION BY v.is_active ORDER BY v.%(rank_value)s DESC, v.partner_id) END AS profit_rank,
                       sum(CASE WHEN v.is_active THEN v.profit ELSE 0 END) OVER () AS total_profit,
                       sum(v.profit) OVER () AS run_profit
                  FROM valued v
            ), curve AS (
                SELECT r.*,
                       CASE WHEN r.is_active THEN sum(r.profit) OVER (
                            PARTITION BY r.is_active ORDER BY r.profit_rank ROWS UNBOUNDED PRECEDING) END AS cumulative
                  FROM ranked r
            )
            INSERT INTO crm_value_line (
                run_id, company_id, date_from, date_to, partner_id, level, previous_level, profit_rank,
                revenue, cogs, gross_margin, driver_cost, direct_cost, fixed_cost, cost_to_serve, profit,
                profit_share, customer_percentile, cumulative_profit_pct, whale_point_pct, create_date, write_date)
            SELECT %(run)s, %(company)s, %(date_from)s, %(date_to)s, c.partner_id,
                   CASE WHEN NOT c.is_active THEN CASE WHEN c.bought_before THEN 'inactive' ELSE 'prospect' END
                        WHEN c.profit_rank <= %(top)s THEN 'top'
                        WHEN c.profit_rank <= %(big)s THEN 'big'
                        WHEN c.profit_rank <= %(medium)s THEN 'medium'
                        ELSE 'small' END,
                   %(previous_level)s, c.profit_rank,
                   c.revenue, c.cogs, c.revenue - c.cogs, c.driver_cost, c.direct_cost, c.fixed_cost,
                   c.cost_to_serve, c.profit,
                   -- The share of the run's profit, every customer counted: the
                   -- shares of the levels add up to 100 with the pivot's Total row.
                   CASE WHEN c.run_profit > 0 THEN 100.0 * c.profit / c.run_profit END,
                   -- ceil(100 x rank / n) in integers: (100 x rank + n - 1) / n.
                   CASE WHEN c.is_active THEN (100 * c.profit_rank + %(active_count)s - 1) / %(active_count)s END,
                   CASE WHEN c.is_active AND c.total_profit > 0 THEN 100.0 * c.cumulative / c.total_profit END,
                   CASE WHEN c.is_active AND c.total_profit > 0
                             AND (c.profit_rank = %(active_count)s
                                  OR (100 * (c.profit_rank + 1) + %(active_count)s - 1) / %(active_count)s
                                     <> (100 * c.profit_rank + %(active_count)s - 1) / %(active_count)s)
                        THEN 100.0 * c.cumulative / c.total_profit END,
                   now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
              FROM curve c
              %(previous_join)s
             -- In the order of the (run, partner) and partner indexes:
             -- appended to, rather than inserted at random places.
             ORDER BY c.partner_id
            """,
            run=self.id, company=company, date_from=self.date_from, date_to=self.date_to,
            prospect_candidates=self.env["crm.purchase.facts"]._prospect_candidates_sql(self.company_id),
            rank_value=rank_value, active_count=max(active_count, 1),
            top=boundaries["top"], big=boundaries["big"], medium=boundaries["medium"],
            # The first run has no previous levels: no join at all, rather
            # than one that a planner still runs per customer (1 s at 1M).
            previous_level=SQL("previous.level") if self.previous_run_id else SQL("NULL"),
            previous_join=SQL(
                "LEFT JOIN crm_value_line previous ON previous.run_id = %s AND previous.partner_id = c.partner_id",
                self.previous_run_id.id,
            ) if self.previous_run_id else SQL(),
        ))
        self.env["crm.value.line"].invalidate_model()

    def _insert_line_costs(self):
        self.env.cr.execute(SQL(
            """
            INSERT INTO crm_value_line_cost (line_id, driver_id, quantity, amount, create_date, write_date)
            SELECT line.id, a.driver_id, a.quantity, a.amount, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
              FROM crm_value_alloc a
              JOIN crm_value_line line ON line.run_id = %(run)s AND line.partner_id = a.partner_id
             ORDER BY line.id  -- the order of the line index: appended to
            """,
            run=self.id,
        ))
        self.env["crm.value.line.cost"].invalidate_model()

    def _update_totals(self):
        """Run totals from its lines and drivers; what the lines do not carry
        is shown as unallocated so the totals reconcile with the pools."""
        self.env.cr.execute(SQL(
            """
            UPDATE crm_value_run_driver rd
               SET allocated_amount = COALESCE(a.amount, 0),
                   unallocated_amount = CASE WHEN rd.rate_method = 'pool'
                                             THEN rd.pool_amount - COALESCE(a.amount, 0) ELSE 0 END
              FROM crm_value_run_driver this
              LEFT JOIN (SELECT run_driver_id, sum(amount) AS amount FROM crm_value_alloc GROUP BY run_driver_id) a
                ON a.run_driver_id = this.id
             WHERE this.run_id = %(run)s AND rd.id = this.id;

            UPDATE crm_value_run run
               SET active_count = t.active_count, customer_count = t.customer_count,
                   revenue = t.revenue, cogs = t.cogs, gross_margin = t.revenue - t.cogs,
                   driver_cost = t.driver_cost, direct_cost = t.direct_cost, fixed_cost = t.fixed_cost,
                   fixed_unallocated = run.fixed_pool - t.fixed_cost, profit = t.profit,
                   driver_unallocated = d.unallocated,
                   net_profit = t.profit - d.unallocated - (run.fixed_pool - t.fixed_cost)
              FROM (SELECT count(*) FILTER (WHERE profit_rank IS NOT NULL) AS active_count,
                           count(*) AS customer_count,
                           COALESCE(sum(revenue), 0) AS revenue, COALESCE(sum(cogs), 0) AS cogs,
                           COALESCE(sum(driver_cost), 0) AS driver_cost,
                           COALESCE(sum(direct_cost), 0) AS direct_cost,
                           COALESCE(sum(fixed_cost), 0) AS fixed_cost, COALESCE(sum(profit), 0) AS profit
                      FROM crm_value_line WHERE run_id = %(run)s) t,
                   (SELECT COALESCE(sum(unallocated_amount), 0) AS unallocated
                      FROM crm_value_run_driver WHERE run_id = %(run)s) d
             WHERE run.id = %(run)s
            """,
            run=self.id,
        ))
        self.env["crm.value.run.driver"].invalidate_model()
        self.invalidate_recordset()

    # ------------------------------------------------------------------
    # Scheduled recompute
    # ------------------------------------------------------------------

    @api.model
    def _run_cron_args(self, company, today):
        """The rolling period: the last value_period_months up to today,
        whole calendar months when today is a month's last day (30 April,
        one month: 1 to 30 April, not 31 March to 30 April)."""
        return (today + relativedelta(days=1) - relativedelta(months=company.value_period_months), today)

    @api.model
    def _run_backfill_args(self, company, day):
        # The period the scheduler would have valued that day.
        return self._run_cron_args(company, day)

    @api.model
    def _run_cron_company(self, company, today):
        run = super()._run_cron_company(company, today)
        self._run_prune(company, today)
        return run

    @api.model
    def _run_cron_xmlid(self):
        return "crm_value_pyramid.ir_cron_value_recompute"

    @api.model
    def _run_prune_keep_days(self, company):
        return company.value_history_days

    def _run_compare_with_previous(self):
        # The previous levels are stored on the lines (the migration matrix
        # groups a million of them): read again from the new previous run.
        for run in self:
            self.env.cr.execute(SQL(
                """
                UPDATE crm_value_line line
                   SET previous_level = (
                        SELECT previous.level FROM crm_value_line previous
                         WHERE previous.run_id = %(previous)s AND previous.partner_id = line.partner_id)
                 WHERE line.run_id = %(run)s
                """,
                run=run.id, previous=run.previous_run_id.id or None,
            ))
        self.env["crm.value.line"].invalidate_model(["previous_level"])

    def _run_compare_title(self, baseline):
        return self.env._(
            "Pyramid migration: %(baseline)s → %(run)s",
            baseline=baseline._run_compare_label(), run=fields.Date.to_string(self.date_to),
        )

    def action_open_lines(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_value_pyramid.crm_value_line_least_action")
        action["domain"] = [("run_id", "=", self.id)]
        action["context"] = {}
        return action
