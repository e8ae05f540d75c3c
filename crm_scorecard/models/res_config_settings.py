from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    scorecard_window_months = fields.Integer(related="company_id.scorecard_window_months", readonly=False)
