from odoo import fields, models
from odoo.tools import SQL

from odoo.addons.crm_value_pyramid.models.crm_value_line import PYRAMID_LEVELS


class CrmSatisfactionReport(models.Model):
    """Satisfaction per RFM segment and pyramid level: the scorecard is where
    the three diagnoses meet, so the join of their results lives here.

    Both are the customer's current segment and level (latest runs) in the
    answer's company, as on the partner form.
    """

    _inherit = "crm.satisfaction.report"
    _depends = {"res.partner": ["rfm_segment_id", "value_pyramid_level"]}

    rfm_segment_id = fields.Many2one("crm.rfm.segment", "RFM segment", readonly=True)
    value_pyramid_level = fields.Selection(PYRAMID_LEVELS, "Value pyramid level", readonly=True)

    def _select(self):
        # Both partner fields are company-dependent (jsonb by company id): the
        # row's company picks the value. Answers with no company (no campaign,
        # shared partner) have no segment.
        return SQL(
            """%s,
            (customer.rfm_segment_id ->> COALESCE(campaign.company_id, customer.company_id)::text)::int
                AS rfm_segment_id,
            customer.value_pyramid_level ->> COALESCE(campaign.company_id, customer.company_id)::text
                AS value_pyramid_level""",
            super()._select(),
        )
