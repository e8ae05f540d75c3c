from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, formatLang

from odoo.addons.crm_customer_value_base.models.crm_run_rows_mixin import RowMany2one
from odoo.addons.crm_customer_value_base.tools.access import VALUE_MANAGER
from odoo.addons.crm_customer_value_base.tools.compare import baseline_run_id, domain_on_baseline_value

PYRAMID_LEVELS = [
    ("top", "Top"),
    ("big", "Big"),
    ("medium", "Medium"),
    ("small", "Small"),
    ("inactive", "Inactive"),
    ("prospect", "Prospect"),
]

# The context key of the baseline the levels are compared with (Measure again).
COMPARE_CONTEXT = "value_compare_run_id"


class CrmValueLine(models.Model):
    """Revenue, cost to serve, profit and pyramid level of one customer in
    one run: the history of each customer's value."""

    _name = "crm.value.line"
    _inherit = ["crm.run.rows.mixin", "crm.selection.order.mixin"]
    _description = "Customer Value"
    # run_id sorts by the run's own order, newest first ("run_id desc" reversed it: oldest first).
    _order = "run_id, profit_rank, partner_id"
    _rec_name = "partner_id"
    # Also the index of every lookup by run, and of a customer in a run.
    _sql_constraints = [
        ("run_partner_unique", "unique(run_id, partner_id)", "A customer has one value, so one level, per run."),
    ]

    # Odoo's log-access users too: no foreign key (crm.run.rows.mixin); a run leaves them empty.
    create_uid = RowMany2one("res.users", "Created by", readonly=True, automatic=True)
    write_uid = RowMany2one("res.users", "Last Updated by", readonly=True, automatic=True)
    # ondelete="cascade" (required): done by the code, not by a foreign key (crm.run.rows.mixin).
    run_id = RowMany2one("crm.value.run", required=True, ondelete="cascade")
    company_id = RowMany2one("res.company", required=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    date_from = fields.Date("From", required=True)
    date_to = fields.Date("To", required=True)
    is_current_run = fields.Boolean(compute="_compute_is_current_run", search="_search_is_current_run")
    partner_id = RowMany2one("res.partner", "Customer", required=True, ondelete="cascade", index=True)
    level = fields.Selection(PYRAMID_LEVELS, required=True)
    previous_level = fields.Selection(
        PYRAMID_LEVELS, "Previous level",
        help="Level of the customer in the run this one is compared with (the run's previous run).",
    )
    # The rows of the migration matrix: the stored previous level, or the
    # level in the baseline of the context (Measure again).
    compared_level = fields.Selection(
        PYRAMID_LEVELS, "Level before", compute="_compute_compared_level", search="_search_compared_level",
        help="Level of the customer in the run compared with: the baseline chosen in Measure again, or else the "
             "previous run. Rows of the migration matrix.",
    )
    profit_rank = fields.Integer("Rank", aggregator=False, help="Rank among the customers active in the period.")
    revenue = fields.Monetary(groups=VALUE_MANAGER, help="Net untaxed revenue: invoices minus credit notes.")
    cogs = fields.Monetary("Cost of goods sold", groups=VALUE_MANAGER)
    gross_margin = fields.Monetary(groups=VALUE_MANAGER)
    driver_cost = fields.Monetary("Activity costs", groups=VALUE_MANAGER)
    direct_cost = fields.Monetary("Direct costs", groups=VALUE_MANAGER)
    fixed_cost = fields.Monetary("Allocated fixed costs", groups=VALUE_MANAGER)
    cost_to_serve = fields.Monetary("Cost to serve", groups=VALUE_MANAGER)
    profit = fields.Monetary(groups=VALUE_MANAGER)
    profit_share = fields.Float(
        "Profit share (%)", digits=(16, 2), groups=VALUE_MANAGER,
        help="Share of the run's total profit, every customer counted (the costs of the inactive customers and "
             "prospects lower that total): the shares add up to 100 with the Total row (empty when the run loses "
             "money in total).",
    )
    customer_percentile = fields.Integer(
        "Customers (cumulative %)", aggregator="max",
        help="Percentile of the customer when the active ones are ranked by profit, best first.",
    )
    cumulative_profit_pct = fields.Float(
        "Cumulative profit (%)", digits=(16, 2), aggregator="max", groups=VALUE_MANAGER,
        help="Profit of this customer and all better ones, in % of the total profit: the whale curve.",
    )
    whale_point_pct = fields.Float(
        "Whale curve (%)", digits=(16, 2), aggregator="max", groups=VALUE_MANAGER,
        help="Cumulative profit (%) at the end of the customer's percentile, set on the last customer of each "
             "percentile only: grouped by percentile it draws the whale curve exactly, also where it falls.",
    )
    cost_ids = fields.One2many("crm.value.line.cost", "line_id", "Cost drivers", groups=VALUE_MANAGER)

    def _selection_ordered_fields(self):
        # Top, Big, Medium, Small, Inactive, Prospect: the pyramid top down.
        return super()._selection_ordered_fields() | {"level", "previous_level", "compared_level"}

    def _compared_level_sql(self, alias):
        baseline = baseline_run_id(self.env, COMPARE_CONTEXT, "crm.value.run")
        if not baseline:
            return SQL("%s.previous_level", SQL.identifier(alias))
        return SQL(
            "(SELECT baseline.level FROM crm_value_line baseline "
            "WHERE baseline.run_id = %(baseline)s AND baseline.partner_id = %(alias)s.partner_id)",
            baseline=baseline, alias=SQL.identifier(alias),
        )

    @api.depends_context(COMPARE_CONTEXT)
    def _compute_compared_level(self):
        if not baseline_run_id(self.env, COMPARE_CONTEXT, "crm.value.run"):
            for line in self:
                line.compared_level = line.previous_level
            return
        self.env.cr.execute(SQL(
            "SELECT line.id, %s FROM crm_value_line line WHERE line.id = ANY(%s)",
            self._compared_level_sql("line"), self.ids,
        ))
        levels = dict(self.env.cr.fetchall())
        for line in self:
            line.compared_level = levels.get(line.id)

    def _search_compared_level(self, operator, value):
        baseline = baseline_run_id(self.env, COMPARE_CONTEXT, "crm.value.run")
        if not baseline:
            return [("previous_level", operator, value)]
        if operator not in ("=", "!=", "in", "not in"):
            raise UserError(self.env._("The level before can only be compared with levels (=, !=, in, not in)."))
        baseline_rows = SQL("SELECT partner_id, level AS value FROM crm_value_line WHERE run_id = %s", baseline)
        values = list(value) if isinstance(value, (list, tuple)) else [value]
        levels = [level for level in values if level]

        def condition_on(expression):
            condition = SQL("%s = ANY(%s::varchar[])", expression, levels)
            if len(levels) < len(values):  # False among the values: no level before
                condition = SQL("(%s OR %s IS NULL)", condition, expression)
            return SQL("(%s) IS NOT TRUE", condition) if operator in ("!=", "not in") else condition

        return domain_on_baseline_value(self.env, baseline_rows, condition_on)

    def _field_to_sql(self, alias, fname, query=None, flush=True):
        if fname == "compared_level":
            return self._compared_level_sql(alias)
        return super()._field_to_sql(alias, fname, query, flush)

    @api.model
    def get_pyramid_figures(self, domain):
        """The table beside the pyramid chart: per level of the lines of
        ``domain``, top first, its customers and, for Customer Value
        Managers, their revenue and profit (formatted in the company's
        currency)."""
        money = self.env.user.has_group(VALUE_MANAGER)
        aggregates = ["__count", "revenue:sum", "profit:sum"] if money else ["__count"]
        labels = dict(self._fields["level"]._description_selection(self.env))
        currency = self.env.company.currency_id
        rows = []
        for level, customers, *amounts in self._read_group(domain, ["level"], aggregates):
            row = {"level": level, "label": labels.get(level, level), "customers": customers}
            if money:
                revenue, profit = amounts
                row.update(revenue=formatLang(self.env, revenue, currency_obj=currency),
                           profit=formatLang(self.env, profit, currency_obj=currency), loses_money=profit < 0)
            rows.append(row)
        return {"money": money, "rows": rows}

    @api.model
    def get_whale_curve_figures(self, domain):
        """What the whale curve of the lines of ``domain`` says in figures,
        read above the chart: its peak (the highest cumulative profit, in %
        of the total, and the share of the customers, best first, that
        reach it) and the share of the active customers who lose money.
        Reads the money fields as the user: for Customer Value Managers."""
        active = list(domain) + [("profit_rank", "!=", False)]
        count = self.search_count(active)
        if not count:
            return {}
        peak = self.search_fetch(active + [("cumulative_profit_pct", "!=", False)],
                                 ["cumulative_profit_pct", "customer_percentile"],
                                 order="cumulative_profit_pct desc, profit_rank", limit=1)
        losing = self.search_count(active + [("profit", "<", 0)])
        return {
            "active_customers": count,
            "peak_pct": peak.cumulative_profit_pct if peak else False,
            "peak_customers_pct": peak.customer_percentile if peak else False,
            "losing_customers": losing,
            "losing_customers_pct": 100.0 * losing / count,
        }

    @api.depends_context("allowed_company_ids")
    def _compute_is_current_run(self):
        current_runs = self.env.companies.sudo().value_current_run_id
        for line in self:
            line.is_current_run = line.run_id in current_runs

    def _search_is_current_run(self, operator, value):
        if operator not in ("=", "!="):
            raise NotImplementedError(operator)
        in_current = (operator == "=") == bool(value)
        return [("run_id", "in" if in_current else "not in", self.env.companies.sudo().value_current_run_id.ids)]

    def _delete_rows(self, condition):
        # The lines' costs first: they belong to their line.
        self.env.flush_all()
        self.env.cr.execute(SQL(
            "DELETE FROM crm_value_line_cost WHERE line_id IN (SELECT id FROM crm_value_line WHERE %s)", condition,
        ))
        self.env["crm.value.line.cost"].invalidate_model()
        return super()._delete_rows(condition)
