from odoo import fields, models


class CrmLead(models.Model):
    _inherit = "crm.lead"

    # Shown on the lead so the salesperson knows the customer's mood before calling.
    satisfaction_nps_last = fields.Integer(
        related="partner_id.commercial_partner_id.satisfaction_nps_last", string="Customer's last NPS"
    )
    satisfaction_nps_category = fields.Selection(
        related="partner_id.commercial_partner_id.satisfaction_nps_category", string="Customer NPS category"
    )
