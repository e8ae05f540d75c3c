from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    scorecard_computed_date = fields.Date(related="company_id.scorecard_computed_date")
    scorecard_error = fields.Text(related="company_id.scorecard_error")
