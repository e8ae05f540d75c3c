from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CrmSatisfactionCampaign(models.Model):
    _inherit = "crm.satisfaction.campaign"

    rfm_segment_id = fields.Many2one(
        "crm.rfm.segment", "RFM segment", ondelete="restrict", check_company=True,
        help="The customers in this segment in the campaign company's current RFM run.",
    )

    @api.model
    def _selection_audience_partner_groups(self):
        return [*super()._selection_audience_partner_groups(), ("rfm_segment", self.env._("RFM segment"))]

    @api.constrains("audience", "rfm_segment_id")
    def _check_rfm_segment(self):
        for campaign in self:
            if campaign.audience == "rfm_segment" and not campaign.rfm_segment_id:
                raise ValidationError(self.env._(
                    "Campaign %(name)s is for the customers of an RFM segment: choose the segment.",
                    name=campaign.name,
                ))

    def _audience_domain(self):
        if self.audience == "rfm_segment":
            # The segment of the campaign company's current run, as on the partner list.
            return [("rfm_segment_id", "=", self.rfm_segment_id.id)]
        return super()._audience_domain()
