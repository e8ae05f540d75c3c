from odoo import fields, models

from .crm_cost_driver import MANAGER
from .crm_value_line import PYRAMID_LEVELS

# Company-dependent, as each company's run sees only its own documents.
# Not indexed, for the reason given on the RFM fields (crm_rfm's res_partner).
_VALUE = {"company_dependent": True, "readonly": True, "copy": False, "index": False}


class ResPartner(models.Model):
    _inherit = "res.partner"

    value_revenue = fields.Float("Net revenue", groups=MANAGER, **_VALUE)
    value_cogs = fields.Float("Cost of goods sold", groups=MANAGER, **_VALUE)
    value_cost_to_serve = fields.Float("Cost to serve", groups=MANAGER, **_VALUE)
    value_profit = fields.Float("Customer profit", groups=MANAGER, **_VALUE)
    value_pyramid_level = fields.Selection(PYRAMID_LEVELS, "Value pyramid level", **_VALUE)
    value_line_ids = fields.One2many("crm.value.line", "partner_id", "Value history")
