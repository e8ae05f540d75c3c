from odoo import api, fields, models

from odoo.addons.crm_value_pyramid.models.crm_value_line import PYRAMID_LEVELS


class CrmSatisfactionCampaign(models.Model):
    _inherit = "crm.satisfaction.campaign"

    # The column of the dynamic selection crm_satisfaction_survey had before
    # this bridge, kept with its values.
    pyramid_level = fields.Selection(
        PYRAMID_LEVELS, "Pyramid level",
        help="The customers at this level in the campaign company's current value-pyramid run.",
    )

    @api.model
    def _audience_partner_fields(self):
        return {
            **super()._audience_partner_fields(),
            "pyramid_level": (self.env._("Pyramid level"), "pyramid_level", "value_pyramid_level"),
        }
