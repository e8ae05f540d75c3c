from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..lib import pyramid

SHARE_FIELDS = {
    "top": "value_top_share",
    "big": "value_big_share",
    "medium": "value_medium_share",
    "small": "value_small_share",
}


class ResCompany(models.Model):
    _inherit = "res.company"

    value_rank_by = fields.Selection(
        [("profit", "Profit"), ("revenue", "Revenue")], string="Rank customers by", default="profit", required=True
    )
    value_top_share = fields.Float("Top customers (%)", default=1.0)
    value_big_share = fields.Float("Big customers (%)", default=4.0)
    value_medium_share = fields.Float("Medium customers (%)", default=15.0)
    value_small_share = fields.Float("Small customers (%)", default=80.0)
    value_fixed_cost_monthly = fields.Monetary(
        "Fixed costs per month", currency_field="currency_id",
        groups="crm_customer_value_base.group_value_manager",
        help="Costs no driver traces to a customer (rent, management, IT), per month.",
    )
    value_fixed_cost_allocation = fields.Selection(
        [("revenue", "Spread by revenue share"), ("none", "Left unallocated")],
        string="Fixed costs", default="none", required=True,
    )
    value_period_months = fields.Integer(
        "Value period (months)", default=12, required=True,
        help="The scheduled recompute values the customers over this many months up to today.",
    )
    value_current_run_id = fields.Many2one("crm.value.run", "Current value run", readonly=True)
    value_history_days = fields.Integer(
        "Keep every value run for (days)", default=35, required=True,
        help="Older runs are thinned out to the last run of each month (and the baselines), so the history of "
             "a large customer base does not grow by a full copy every night.",
    )
    value_recompute_requested = fields.Boolean(readonly=True)
    # What the scheduler could not do (crm.run.mixin): tried again tomorrow.
    value_failed_date = fields.Date("Value failed on", readonly=True, copy=False)
    value_error = fields.Text("Customer value not recomputed", readonly=True, copy=False)

    @api.constrains(*SHARE_FIELDS.values())
    def _check_value_shares(self):
        for company in self:
            company._value_level_shares()

    @api.constrains("value_period_months", "value_history_days")
    def _check_value_period(self):
        for company in self:
            if company.value_period_months <= 0:
                raise ValidationError(self.env._("The value period must be at least one month."))
            if company.value_history_days <= 0:
                raise ValidationError(self.env._("Keep the value runs of at least the last day."))

    def _value_level_shares(self):
        """The shares of the pyramid levels, validated."""
        self.ensure_one()
        shares = {level: self[field] for level, field in SHARE_FIELDS.items()}
        negative = [level for level, share in shares.items() if share < 0]
        if negative:
            raise ValidationError(self.env._(
                "Value pyramid: the share of customers of a level cannot be negative (%(levels)s).",
                levels=", ".join(negative),
            ))
        try:
            pyramid.check_level_shares(shares)
        except pyramid.LevelShareError:
            raise ValidationError(self.env._(
                "Value pyramid: the shares of Top, Big, Medium and Small customers must add up to 100%% "
                "(they add up to %(total)s%%).",
                total=round(sum(shares.values()), 6),
            )) from None
        return shares

    def _value_check_settings(self):
        self._check_value_shares()
        self._check_value_period()

    def _value_pyramid_recompute(self, date_from, date_to):
        """Allocate the cost to serve of this company over the period, value
        and place every customer involved; return the run (now current)."""
        self.ensure_one()
        return self.env["crm.value.run"]._run_company(self, date_from, date_to)

    def action_value_recompute_now(self):
        """Queue the recompute for the scheduler (crm.run.mixin._run_queue): what it would refuse is said now."""
        self.env["crm.value.run"]._run_queue(self)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "info",
                "title": self.env._("Customer value recompute queued"),
                "message": self.env._("Costs, profit and pyramid levels are recomputed in the background."),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }
