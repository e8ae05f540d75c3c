from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CrmCustomerCost(models.Model):
    """A cost caused by one customer only, entered or imported as is."""

    _name = "crm.customer.cost"
    _description = "Customer Direct Cost"
    _order = "date desc, id desc"
    _check_company_auto = True

    date = fields.Date(required=True, default=fields.Date.context_today, index=True)
    partner_id = fields.Many2one(
        "res.partner", "Customer", required=True, index=True, ondelete="restrict", check_company=True,
        help="Costs of a contact count for its company (commercial partner).",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    amount = fields.Monetary(required=True, help="In the company currency.")
    category = fields.Selection(
        [
            ("service", "Customer service"),
            ("logistics", "Logistics"),
            ("marketing", "Marketing"),
            ("discount", "Discounts and rebates"),
            ("other", "Other"),
        ],
        required=True, default="other",
    )
    note = fields.Char()
    analytic_account_id = fields.Many2one("account.analytic.account", "Analytic account", check_company=True)

    @api.constrains("amount")
    def _check_amount(self):
        # An empty cell of an imported file reads as 0: refuse it rather than
        # record a cost that says nothing.
        for cost in self:
            if cost.currency_id.is_zero(cost.amount):
                raise ValidationError(self.env._(
                    "The direct cost of %(customer)s on %(date)s has no amount.",
                    customer=cost.partner_id.display_name, date=cost.date,
                ))
