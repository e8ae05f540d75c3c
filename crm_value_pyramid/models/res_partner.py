from odoo import api, fields, models

from odoo.addons.crm_customer_value_base.tools.access import INTERNAL_USER, VALUE_MANAGER
from odoo.addons.crm_customer_value_base.tools.current_run import CurrentRunColumns

from .crm_value_line import PYRAMID_LEVELS

# The value of a partner is its line in the current run of the user's
# company: read there, never copied onto the partners (see crm_rfm's
# tools/current_run.py).
VALUE_RESULTS = CurrentRunColumns("crm.value.line", "value_current_run_id", {
    "value_revenue": "revenue",
    "value_cogs": "cogs",
    "value_cost_to_serve": "cost_to_serve",
    "value_profit": "profit",
    "value_pyramid_level": "level",
}, compute="_compute_value_level")


MONEY_FIELDS = ["value_revenue", "value_cogs", "value_cost_to_serve", "value_profit"]


def _money(field_name):
    return VALUE_RESULTS.field_options(field_name, compute="_compute_value_money")


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = ["res.partner", "crm.selection.order.mixin"]

    # The money is for the value managers; the employees see the level (tools/access.py).
    value_revenue = fields.Float("Net revenue", groups=VALUE_MANAGER, **_money("value_revenue"))
    value_cogs = fields.Float("Cost of goods sold", groups=VALUE_MANAGER, **_money("value_cogs"))
    value_cost_to_serve = fields.Float("Cost to serve", groups=VALUE_MANAGER, **_money("value_cost_to_serve"))
    value_profit = fields.Float("Customer profit", groups=VALUE_MANAGER, **_money("value_profit"))
    value_pyramid_level = fields.Selection(
        PYRAMID_LEVELS, "Value pyramid level", groups=INTERNAL_USER,
        **VALUE_RESULTS.field_options("value_pyramid_level"),
    )
    value_line_ids = fields.One2many("crm.value.line", "partner_id", "Value history", groups=INTERNAL_USER)

    def _selection_ordered_fields(self):
        return super()._selection_ordered_fields() | {"value_pyramid_level"}

    def action_open_value_history(self):
        """The customer's value in each run, one run a day, newest first: the
        tab shows the current run only."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_value_pyramid.crm_value_line_history_action")
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["display_name"] = self.env._(
            "Value history of %(customer)s", customer=self.commercial_partner_id.display_name)
        return action

    @api.model
    def _current_run_columns(self):
        return {**super()._current_run_columns(), **dict.fromkeys(VALUE_RESULTS.columns, VALUE_RESULTS)}

    @api.depends_context("company")
    def _compute_value_level(self):
        VALUE_RESULTS.compute(self, ["value_pyramid_level"])

    @api.depends_context("company")
    def _compute_value_money(self):
        VALUE_RESULTS.compute(self, MONEY_FIELDS)
