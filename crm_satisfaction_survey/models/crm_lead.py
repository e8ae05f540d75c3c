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
    # The happy answer that asked for this call back: at most one lead per answer.
    satisfaction_user_input_id = fields.Many2one(
        "survey.user_input", "Asked for in survey answer", readonly=True, copy=False, index="btree_not_null",
        ondelete="set null", groups="survey.group_survey_user",
    )
