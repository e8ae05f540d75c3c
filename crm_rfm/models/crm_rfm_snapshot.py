from odoo import api, fields, models
from odoo.tools import create_index


class CrmRfmSnapshot(models.Model):
    """The RFM values of one customer in one run: the history."""

    _name = "crm.rfm.snapshot"
    _inherit = ["crm.run.rows.mixin"]
    _description = "RFM Snapshot"
    _order = "run_id desc, partner_id"
    _rec_name = "partner_id"
    # A run inserts one row per customer: who and when is the run's, and each
    # extra many2one is a foreign-key check per row (seconds at a million).
    _log_access = False

    run_id = fields.Many2one("crm.rfm.run", required=True, ondelete="cascade")
    company_id = fields.Many2one("res.company", required=True)
    as_of_date = fields.Date(required=True)
    is_current_run = fields.Boolean(compute="_compute_is_current_run", search="_search_is_current_run")
    partner_id = fields.Many2one("res.partner", "Customer", required=True, ondelete="cascade", index=True)
    last_purchase_date = fields.Date()
    recency_days = fields.Integer("Recency (days)", aggregator="avg")
    frequency = fields.Integer(aggregator="avg")
    monetary = fields.Float(aggregator="sum")
    r_score = fields.Integer("R", aggregator=False)
    f_score = fields.Integer("F", aggregator=False)
    m_score = fields.Integer("M", aggregator=False)
    rfm_score = fields.Char("RFM")
    segment_id = fields.Many2one("crm.rfm.segment")
    previous_segment_id = fields.Many2one(
        "crm.rfm.segment", "Previous segment",
        help="Segment of the customer in the company's previous run: rows of the transition matrix.",
    )

    def init(self):
        # The rows of one run, and one customer's row in the run current on
        # the partner form and in partner lists (tools/current_run.py).
        create_index(self.env.cr, "crm_rfm_snapshot_run_partner_index", self._table, ["run_id", "partner_id"])

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
