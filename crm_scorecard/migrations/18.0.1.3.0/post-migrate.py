"""18.0.1.3.0: the active customer window belongs to crm_customer_value_base.
The scorecard's window becomes the company's "Active customers" setting
(customer_active_months), shared with the satisfaction campaigns."""

from odoo.addons.crm_customer_value_base.tools.schema import move_company_setting


def migrate(cr, version):
    move_company_setting(cr, "scorecard_window_months", "customer_active_months")
