from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .crm_purchase_facts import PURCHASE_SOURCES


class ResCompany(models.Model):
    _inherit = "res.company"

    # The company's definition of a purchase and of an active customer,
    # shared by RFM, the satisfaction campaigns and the scorecard
    # (crm.purchase.facts).
    customer_purchase_source = fields.Selection(
        PURCHASE_SOURCES, string="Purchases", default="invoice", required=True,
        help="Which documents count as purchases: posted customer invoices net of credit notes, or confirmed "
             "sale orders. Untaxed, in the company currency at the document date; a contact's purchases count "
             "for its company. The value pyramid always counts invoices.",
    )
    customer_active_months = fields.Integer(
        "Active customer window (months)", default=12, required=True,
        help="A customer is active at a date when he bought at least once in this many months up to it; "
             "inactive when he bought before but not since; a prospect has an open lead, opportunity or "
             "quotation and never bought.",
    )

    @api.constrains("customer_active_months")
    def _check_customer_active_months(self):
        for company in self:
            if company.customer_active_months <= 0:
                raise ValidationError(self.env._("The active customer window must be at least one month."))
