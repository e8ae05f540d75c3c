from odoo import fields, models


class SaleOrder(models.Model):
    _name = "sale.order"
    _inherit = ["sale.order", "crm.selection.order.mixin"]

    value_pyramid_level = fields.Selection(
        related="partner_id.commercial_partner_id.value_pyramid_level", string="Customer value level"
    )

    def _selection_ordered_fields(self):
        # Grouped quotations: Top first, as in the pyramid.
        return super()._selection_ordered_fields() | {"value_pyramid_level"}
