"""18.0.1.5.0: what a purchase is belongs to crm_customer_value_base. The
company's "RFM purchases from" becomes its "Purchases" setting
(customer_purchase_source), shared with the satisfaction campaigns and the
scorecard."""

from odoo.addons.crm_customer_value_base.tools.schema import move_company_setting


def migrate(cr, version):
    move_company_setting(cr, "rfm_purchase_source", "customer_purchase_source")
