from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    rfm_window_months = fields.Integer(related="company_id.rfm_window_months", readonly=False)
    rfm_scoring_method = fields.Selection(related="company_id.rfm_scoring_method", readonly=False)
    rfm_bins = fields.Integer(related="company_id.rfm_bins", readonly=False)
    rfm_recency_thresholds = fields.Char(related="company_id.rfm_recency_thresholds", readonly=False)
    rfm_frequency_thresholds = fields.Char(related="company_id.rfm_frequency_thresholds", readonly=False)
    rfm_monetary_thresholds = fields.Char(related="company_id.rfm_monetary_thresholds", readonly=False)
    rfm_current_run_id = fields.Many2one(related="company_id.rfm_current_run_id")
    rfm_history_days = fields.Integer(related="company_id.rfm_history_days", readonly=False)
    rfm_recompute_status = fields.Char(related="company_id.rfm_recompute_status")
    clv_time_unit = fields.Selection(related="company_id.clv_time_unit", readonly=False)
    clv_horizon_months = fields.Integer(related="company_id.clv_horizon_months", readonly=False)
    clv_discount_rate = fields.Float(related="company_id.clv_discount_rate", readonly=False)
    clv_margin = fields.Float(related="company_id.clv_margin", readonly=False)
    clv_current_model_id = fields.Many2one(related="company_id.clv_current_model_id")

    def action_rfm_recompute_now(self):
        return self.company_id.action_rfm_recompute_now()
