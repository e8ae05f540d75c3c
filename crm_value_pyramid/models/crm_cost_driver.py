from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.crm_customer_value_base.tools.access import VALUE_MANAGER

# The quantity each source counts per commercial partner and period; the SQL
# of source X is crm.value.run._driver_source_X. A new source is a
# selection_add on crm.cost.driver and crm.value.run.driver and that one
# method, in the addon that owns the data (crm_value_pyramid_stock adds the
# deliveries); its ondelete sets REMOVED_SOURCE.
REMOVED_SOURCE = "removed"
DRIVER_SOURCES = [
    ("sale_order", "Confirmed sale orders"),
    ("order_line", "Sale order lines"),
    ("invoice", "Posted customer invoices"),
    ("credit_note", "Posted credit notes"),
    ("activity_done", "CRM activities done"),
    ("activity_type", "Activities done of one type"),
    ("lead", "Leads and opportunities created"),
    ("late_payment_days", "Days of late payment"),
    (REMOVED_SOURCE, "A source of an uninstalled app"),
]


class CrmCostDriver(models.Model):
    """An activity that costs money each time a customer causes it."""

    _name = "crm.cost.driver"
    _description = "Cost Driver"
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    source = fields.Selection(
        DRIVER_SOURCES, required=True, default="sale_order",
        help="What is counted per customer and period: the driver quantity.",
    )
    activity_type_id = fields.Many2one(
        "mail.activity.type", "Activity type", ondelete="restrict",
        help="The activities counted by the source \"Activities done of one type\", e.g. the satisfaction "
             "follow-ups planned for unhappy survey answers.",
    )
    rate_method = fields.Selection(
        [("entered", "Entered rate"), ("pool", "From a cost pool")],
        required=True, default="entered",
        help="Entered: the cost of one unit. From a cost pool (time-driven activity-based costing): the pool "
             "of the period divided by the total quantity of the period.",
    )
    rate = fields.Monetary("Rate per unit", groups=VALUE_MANAGER)
    pool_amount = fields.Monetary(
        "Cost pool per month", groups=VALUE_MANAGER,
        help="Cost of the resources behind this activity per month; a run over a period takes the months "
             "it covers (whole calendar months exactly, other periods day by day).",
    )

    @api.constrains("source", "activity_type_id")
    def _check_activity_type(self):
        for driver in self:
            if driver.source == "activity_type" and not driver.activity_type_id:
                raise ValidationError(self.env._(
                    "Cost driver %(driver)s counts the activities done of one type: choose the activity type.",
                    driver=driver.name,
                ))

    @api.constrains("source", "active")
    def _check_source_installed(self):
        for driver in self:
            if driver.active and driver.source == REMOVED_SOURCE:
                raise ValidationError(self.env._(
                    "Cost driver %(driver)s counted a source of an app that was uninstalled: choose another "
                    "source, or install the app again.", driver=driver.name,
                ))

    @api.constrains("rate", "pool_amount")
    def _check_amounts(self):
        for driver in self:
            if driver.rate < 0 or driver.pool_amount < 0:
                raise ValidationError(self.env._(
                    "Cost driver %(driver)s: the rate and the cost pool cannot be negative.", driver=driver.name
                ))
