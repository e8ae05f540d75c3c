from odoo import fields, models

from odoo.addons.crm_customer_value_base.tools.access import VALUE_MANAGER

from .crm_cost_driver import DRIVER_SOURCES


class CrmValueRunDriver(models.Model):
    """A cost driver as one run used it: its pool, volume and rate."""

    _name = "crm.value.run.driver"
    _description = "Cost Driver of a Value Run"
    _order = "run_id desc, sequence, id"
    _rec_name = "driver_id"

    run_id = fields.Many2one("crm.value.run", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one("res.company", required=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    driver_id = fields.Many2one("crm.cost.driver", required=True, ondelete="restrict", index=True)
    sequence = fields.Integer()
    source = fields.Selection(DRIVER_SOURCES, required=True)
    activity_type_id = fields.Many2one("mail.activity.type", "Activity type", ondelete="restrict")
    rate_method = fields.Selection([("entered", "Entered rate"), ("pool", "From a cost pool")], required=True)
    pool_amount = fields.Monetary("Pool of the period", groups=VALUE_MANAGER)
    total_quantity = fields.Float(digits=(16, 2))
    rate = fields.Float("Rate per unit", digits=(16, 4), groups=VALUE_MANAGER)
    allocated_amount = fields.Monetary(groups=VALUE_MANAGER)
    unallocated_amount = fields.Monetary(
        groups=VALUE_MANAGER, help="Pool left unallocated because no customer caused the activity in the period."
    )
