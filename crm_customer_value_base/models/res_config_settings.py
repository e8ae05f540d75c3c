from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    customer_purchase_source = fields.Selection(related="company_id.customer_purchase_source", readonly=False)
    customer_active_months = fields.Integer(related="company_id.customer_active_months", readonly=False)
