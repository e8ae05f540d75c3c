from odoo import fields, models
from odoo.tools import create_index

from odoo.addons.crm_customer_value_base.models.crm_run_rows_mixin import RowMany2one
from odoo.addons.crm_customer_value_base.tools.access import VALUE_MANAGER


class CrmClvScore(models.Model):
    """The predictions of one fitted CLV model for one customer.

    The partner's CLV fields read the rows of its company's current model.
    Only the current model keeps its rows: the nightly cron deletes those of
    older models (crm.run.history.mixin._run_prune).
    """

    _name = "crm.clv.score"
    _inherit = ["crm.run.rows.mixin"]
    _description = "Customer Lifetime Value Score"
    _order = "model_id desc, value desc"
    _rec_name = "partner_id"
    # A fit inserts one row per customer: each extra many2one (who, when) is
    # a foreign-key check per row.
    _log_access = False

    # ondelete="cascade" (required): done by the code, not by a foreign key (crm.run.rows.mixin).
    model_id = RowMany2one("crm.clv.model", "CLV model", required=True, readonly=True, ondelete="cascade")
    company_id = fields.Many2one(related="model_id.company_id")
    partner_id = RowMany2one("res.partner", "Customer", required=True, readonly=True, ondelete="cascade",
                             index=True)
    p_alive = fields.Float("Probability alive", digits=(16, 3), readonly=True, groups=VALUE_MANAGER)
    expected_purchases = fields.Float(
        "Expected purchases (horizon)", digits=(16, 2), readonly=True, groups=VALUE_MANAGER
    )
    value = fields.Float("Customer lifetime value", digits=(16, 2), readonly=True, groups=VALUE_MANAGER)
    # What P(alive) was read from: how often the customer bought and how long ago.
    repeat_purchases = fields.Integer(readonly=True, groups=VALUE_MANAGER, help="Purchases after the first one.")
    usual_gap_days = fields.Float(
        "Usual days between purchases", digits=(16, 1), readonly=True, groups=VALUE_MANAGER,
        help="From the first purchase to the last one, divided by the repeat purchases (empty without any).",
    )
    days_since_last = fields.Integer("Days since the last purchase", readonly=True, groups=VALUE_MANAGER)

    def init(self):
        # The customers of one model, and one customer's row in the model
        # current on the partner form and in partner lists.
        create_index(self.env.cr, "crm_clv_score_model_partner_index", self._table, ["model_id", "partner_id"])
