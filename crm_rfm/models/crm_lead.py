from odoo import fields, models


class CrmLead(models.Model):
    _inherit = "crm.lead"

    rfm_segment_id = fields.Many2one(
        related="partner_id.commercial_partner_id.rfm_segment_id", string="Customer RFM segment"
    )
