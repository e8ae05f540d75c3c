"""18.0.1.5.0: the Customer Value Manager group moved to
crm_customer_value_base. Moved here too in case this addon is upgraded
alone: its data no longer declares the group, and an upgrade deletes the
records a module no longer declares."""

from odoo.addons.crm_customer_value_base.tools.schema import move_value_manager_group


def migrate(cr, version):
    move_value_manager_group(cr)
