"""18.0.1.4.0: the deliveries cost driver moved to crm_value_pyramid_stock.

Where Inventory is installed, that bridge is installed in this same upgrade,
so the drivers and runs that count deliveries keep their source (the
selection value is then declared by the bridge before this addon's own
declaration of it is removed)."""

from odoo.addons.crm_customer_value_base.tools.schema import install_bridge


def migrate(cr, version):
    install_bridge(cr, "crm_value_pyramid_stock", "stock")
