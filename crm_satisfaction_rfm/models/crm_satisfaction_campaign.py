from odoo import api, fields, models


class CrmSatisfactionCampaign(models.Model):
    _inherit = "crm.satisfaction.campaign"

    rfm_segment_id = fields.Many2one(
        "crm.rfm.segment", "RFM segment", ondelete="restrict", check_company=True,
        help="The customers in this segment in the campaign company's current RFM run.",
    )

    @api.model
    def _audience_partner_fields(self):
        return {
            **super()._audience_partner_fields(),
            "rfm_segment": (self.env._("RFM segment"), "rfm_segment_id", "rfm_segment_id"),
        }
