from odoo import fields, models

from odoo.addons.crm_value_pyramid.models.crm_cost_driver import REMOVED_SOURCE

DELIVERY = [("delivery", "Deliveries done (Inventory)")]


def _source_removed(records):
    """Inventory uninstalled: the drivers that counted deliveries can no
    longer be computed. They are archived rather than deleted or silently
    given another source, and the runs that used them keep their amounts;
    both read "a source of an uninstalled app" (crm_value_pyramid)."""
    values = {"source": REMOVED_SOURCE}
    if "active" in records._fields:
        values["active"] = False
    # As the uninstall does (run drivers are written by the system only).
    records.sudo().write(values)


class CrmCostDriver(models.Model):
    _inherit = "crm.cost.driver"

    source = fields.Selection(selection_add=DELIVERY, ondelete={"delivery": _source_removed})


class CrmValueRunDriver(models.Model):
    _inherit = "crm.value.run.driver"

    source = fields.Selection(selection_add=DELIVERY, ondelete={"delivery": _source_removed})
