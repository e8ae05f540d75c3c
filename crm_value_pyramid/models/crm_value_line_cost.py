from odoo import fields, models

from odoo.addons.crm_customer_value_base.models.crm_run_rows_mixin import RowMany2one
from odoo.addons.crm_customer_value_base.tools.access import VALUE_MANAGER


class CrmValueLineCost(models.Model):
    """One driver's cost of one customer in one run.

    The largest table of the addon (customers x drivers per run): it stores
    only what it needs, with one index and no foreign key (crm.run.rows.mixin),
    so that a run writes it fast. Its rows go with their line.
    """

    _name = "crm.value.line.cost"
    _inherit = ["crm.run.rows.mixin"]
    _description = "Customer Cost per Driver"
    _order = "line_id, driver_id"
    _rec_name = "driver_id"

    # Odoo's log-access users too: no foreign key (crm.run.rows.mixin); a run leaves them empty.
    create_uid = RowMany2one("res.users", "Created by", readonly=True, automatic=True)
    write_uid = RowMany2one("res.users", "Last Updated by", readonly=True, automatic=True)
    # ondelete="cascade" (required): done by the code, not by a foreign key (crm.run.rows.mixin).
    line_id = RowMany2one("crm.value.line", required=True, ondelete="cascade", index=True)
    run_id = fields.Many2one(related="line_id.run_id")
    partner_id = fields.Many2one(related="line_id.partner_id", string="Customer")
    company_id = fields.Many2one(related="line_id.company_id")
    currency_id = fields.Many2one(related="company_id.currency_id")
    driver_id = RowMany2one("crm.cost.driver", required=True, ondelete="restrict")
    quantity = fields.Float(digits=(16, 2))
    amount = fields.Monetary("Cost", groups=VALUE_MANAGER)
