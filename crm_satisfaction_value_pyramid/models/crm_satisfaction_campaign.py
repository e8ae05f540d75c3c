from odoo import api, fields, models
from odoo.exceptions import ValidationError

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
    def _selection_audience_partner_groups(self):
        return [*super()._selection_audience_partner_groups(), ("pyramid_level", self.env._("Pyramid level"))]

    @api.constrains("audience", "pyramid_level")
    def _check_pyramid_level(self):
        for campaign in self:
            if campaign.audience == "pyramid_level" and not campaign.pyramid_level:
                raise ValidationError(self.env._(
                    "Campaign %(name)s is for the customers of a pyramid level: choose the level.",
                    name=campaign.name,
                ))

    def _audience_domain(self):
        if self.audience == "pyramid_level":
            # The level of the campaign company's current run, as on the partner list.
            return [("value_pyramid_level", "=", self.pyramid_level)]
        return super()._audience_domain()
