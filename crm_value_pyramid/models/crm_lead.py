from odoo import fields, models


class CrmLead(models.Model):
    _name = "crm.lead"
    _inherit = ["crm.lead", "crm.selection.order.mixin"]

    value_pyramid_level = fields.Selection(
        related="partner_id.commercial_partner_id.value_pyramid_level", string="Customer value level"
    )

    def _selection_ordered_fields(self):
        # Grouped in the pipeline: Top first, as in the pyramid.
        return super()._selection_ordered_fields() | {"value_pyramid_level"}
