"""18.0.1.1.0: the Customer Value Manager group moved here from crm_value_pyramid."""

from odoo.addons.crm_customer_value_base.tools.schema import move_value_manager_group


def migrate(cr, version):
    move_value_manager_group(cr)
