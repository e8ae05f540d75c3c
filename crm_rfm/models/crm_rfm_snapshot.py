from odoo import api, fields, models
from odoo.tools import SQL, create_index

from odoo.addons.crm_customer_value_base.models.crm_run_rows_mixin import RowMany2one
from odoo.addons.crm_customer_value_base.tools.access import VALUE_MANAGER
from odoo.addons.crm_customer_value_base.tools.compare import baseline_run_id, domain_on_baseline_value

# The context key of the baseline the segments are compared with (Measure again).
COMPARE_CONTEXT = "rfm_compare_run_id"


class CrmRfmSnapshot(models.Model):
    """The RFM values of one customer in one run: the history."""

    _name = "crm.rfm.snapshot"
    _inherit = ["crm.run.rows.mixin", "crm.selection.order.mixin"]
    _description = "RFM Snapshot"
    # run_id sorts by the run's own order, newest first ("run_id desc" reversed it: oldest first).
    _order = "run_id, partner_id"
    _rec_name = "partner_id"
    # A run inserts one row per customer: who and when is the run's, and each
    # extra many2one is a foreign-key check per row (seconds at a million).
    _log_access = False

    # ondelete="cascade" (required): done by the code, not by a foreign key (crm.run.rows.mixin).
    run_id = RowMany2one("crm.rfm.run", required=True, ondelete="cascade")
    company_id = RowMany2one("res.company", required=True)
    as_of_date = fields.Date(required=True)
    is_current_run = fields.Boolean(compute="_compute_is_current_run", search="_search_is_current_run")
    partner_id = RowMany2one("res.partner", "Customer", required=True, ondelete="cascade", index=True)
    last_purchase_date = fields.Date()
    recency_days = fields.Integer("Recency (days)", aggregator="avg")
    frequency = fields.Integer(aggregator="avg")
    monetary = fields.Float(aggregator="sum", groups=VALUE_MANAGER)
    r_score = fields.Integer("R", aggregator=False)
    f_score = fields.Integer("F", aggregator=False)
    m_score = fields.Integer("M", aggregator=False)
    rfm_score = fields.Char("RFM")
    # The axes of the RFM grid: a score that says which it is ("R 5", "F 1")
    # where a bare 5 in a row header and a 1 in a column header did not.
    r_axis = fields.Selection(
        [(str(score), f"R {score}") for score in range(1, 11)], "Recency score",
        compute="_compute_axes", search="_search_r_axis",
        help="R 1 bought longest ago ... the highest R most recently: the rows of the RFM grid.",
    )
    f_axis = fields.Selection(
        [(str(score), f"F {score}") for score in range(1, 11)], "Frequency score",
        compute="_compute_axes", search="_search_f_axis",
        help="F 1 bought least often ... the highest F most often: the columns of the RFM grid.",
    )
    segment_id = RowMany2one("crm.rfm.segment")
    # Read from the run compared with when shown, grouped or searched,
    # rather than looked up for every customer when a run is stored.
    previous_segment_id = fields.Many2one(
        "crm.rfm.segment", "Previous segment", compute="_compute_previous_segment_id",
        search="_search_previous_segment_id",
        help="Segment of the customer in the run compared with: the baseline chosen in Measure again, or else "
             "the run before this one. Rows of the transition matrix.",
    )

    def init(self):
        # The rows of one run, and one customer's row in the run current on
        # the partner form and in partner lists (tools/current_run.py).
        create_index(self.env.cr, "crm_rfm_snapshot_run_partner_index", self._table, ["run_id", "partner_id"])

    def _previous_segment_sql(self, alias):
        """The previous segment of the snapshot row ``alias``: the customer's
        segment in the run compared with, the baseline of the context or
        else the row's run's previous run (the larger row of a customer
        merged since)."""
        baseline = baseline_run_id(self.env, COMPARE_CONTEXT, "crm.rfm.run")
        return SQL(
            """(SELECT previous.segment_id
                  FROM crm_rfm_run run
                  JOIN crm_rfm_snapshot previous
                    ON previous.run_id = %(compared)s AND previous.partner_id = %(alias)s.partner_id
                 WHERE run.id = %(alias)s.run_id
                 ORDER BY previous.monetary DESC, previous.id LIMIT 1)""",
            alias=SQL.identifier(alias),
            compared=SQL("%s", baseline) if baseline else SQL("run.previous_run_id"),
        )

    @api.depends_context(COMPARE_CONTEXT)
    def _compute_previous_segment_id(self):
        self.env.cr.execute(SQL(
            "SELECT s.id, %s FROM crm_rfm_snapshot s WHERE s.id = ANY(%s)",
            self._previous_segment_sql("s"), self.ids,
        ))
        previous = dict(self.env.cr.fetchall())
        for snapshot in self:
            snapshot.previous_segment_id = previous.get(snapshot.id)

    def _search_previous_segment_id(self, operator, value):
        def condition_on(expression):
            if operator in ("=", "!=") and not value:
                return SQL("%s IS NULL" if operator == "=" else "%s IS NOT NULL", expression)
            if operator in ("=", "!=", "in", "not in") and all(isinstance(v, int) for v in (
                    value if isinstance(value, (list, tuple)) else [value])):
                ids = list(value) if isinstance(value, (list, tuple)) else [value]
                condition = SQL("%s = ANY(%s)", expression, ids)
                if operator in ("!=", "not in"):
                    condition = SQL("(%s IS NULL OR NOT %s)", expression, condition)
                return condition
            segments = self.env["crm.rfm.segment"].with_context(active_test=False)._search(
                [("display_name", operator, value)]
            )
            return SQL("%s IN %s", expression, segments.subselect())

        baseline = baseline_run_id(self.env, COMPARE_CONTEXT, "crm.rfm.run")
        if baseline:
            # One lookup of the baseline by customer (its larger row, as shown).
            baseline_rows = SQL(
                """SELECT DISTINCT ON (partner_id) partner_id, segment_id AS value
                     FROM crm_rfm_snapshot WHERE run_id = %s
                    ORDER BY partner_id, monetary DESC, id""",
                baseline,
            )
            return domain_on_baseline_value(self.env, baseline_rows, condition_on)
        condition = condition_on(self._previous_segment_sql("s"))
        return [("id", "in", SQL("SELECT s.id FROM crm_rfm_snapshot s WHERE %s", condition))]

    def _selection_ordered_fields(self):
        # Score 10 after 9, not after 1.
        return super()._selection_ordered_fields() | {"r_axis", "f_axis"}

    @api.depends("r_score", "f_score")
    def _compute_axes(self):
        for snapshot in self:
            snapshot.r_axis = str(snapshot.r_score) if snapshot.r_score else False
            snapshot.f_axis = str(snapshot.f_score) if snapshot.f_score else False

    def _search_axis(self, score_field, operator, value):
        if operator not in ("=", "!=", "in", "not in"):
            raise NotImplementedError(operator)
        if isinstance(value, (list, tuple)):
            return [(score_field, operator, [int(v) if v else False for v in value])]
        return [(score_field, operator, int(value) if value else False)]

    def _search_r_axis(self, operator, value):
        return self._search_axis("r_score", operator, value)

    def _search_f_axis(self, operator, value):
        return self._search_axis("f_score", operator, value)

    def _field_to_sql(self, alias, fname, query=None, flush=True):
        # Grouping by the previous segment: the transition matrix.
        if fname == "previous_segment_id":
            return self._previous_segment_sql(alias)
        # Grouping by an axis of the RFM grid: its score, as the selection's key.
        if fname in ("r_axis", "f_axis"):
            score = super()._field_to_sql(alias, "r_score" if fname == "r_axis" else "f_score", query, flush)
            return SQL("(%s)::varchar", score)
        return super()._field_to_sql(alias, fname, query, flush)

    @api.depends_context("allowed_company_ids")
    def _compute_is_current_run(self):
        current_runs = self.env.companies.rfm_current_run_id
        for snapshot in self:
            snapshot.is_current_run = snapshot.run_id in current_runs

    def _search_is_current_run(self, operator, value):
        if operator not in ("=", "!="):
            raise NotImplementedError(operator)
        in_current = (operator == "=") == bool(value)
        return [("run_id", "in" if in_current else "not in", self.env.companies.rfm_current_run_id.ids)]
