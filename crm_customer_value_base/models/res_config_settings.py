from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    # Required as on the company: a blank choice would reach the database as a raw NOT NULL error.
    customer_purchase_source = fields.Selection(
        related="company_id.customer_purchase_source", readonly=False, required=True)
    customer_active_months = fields.Integer(
        related="company_id.customer_active_months", readonly=False, required=True)
