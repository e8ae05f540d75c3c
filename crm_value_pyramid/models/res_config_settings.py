from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    value_rank_by = fields.Selection(related="company_id.value_rank_by", readonly=False)
    value_top_share = fields.Float(related="company_id.value_top_share", readonly=False)
    value_big_share = fields.Float(related="company_id.value_big_share", readonly=False)
    value_medium_share = fields.Float(related="company_id.value_medium_share", readonly=False)
    value_small_share = fields.Float(related="company_id.value_small_share", readonly=False)
    value_fixed_cost_monthly = fields.Monetary(
        related="company_id.value_fixed_cost_monthly", readonly=False,
        groups="crm_customer_value_base.group_value_manager",
    )
    value_fixed_cost_allocation = fields.Selection(related="company_id.value_fixed_cost_allocation", readonly=False)
    value_period_months = fields.Integer(related="company_id.value_period_months", readonly=False)
    value_history_days = fields.Integer(related="company_id.value_history_days", readonly=False)
    value_current_run_id = fields.Many2one(related="company_id.value_current_run_id")
    value_failed_date = fields.Date(related="company_id.value_failed_date")
    value_error = fields.Text(related="company_id.value_error")

    def action_value_recompute_now(self):
        return self.company_id.action_value_recompute_now()
