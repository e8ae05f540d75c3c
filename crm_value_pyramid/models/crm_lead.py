from odoo import fields, models


class CrmLead(models.Model):
    _inherit = "crm.lead"

    value_pyramid_level = fields.Selection(
        related="partner_id.commercial_partner_id.value_pyramid_level", string="Customer value level"
    )
