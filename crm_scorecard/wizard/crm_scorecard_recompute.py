from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError


class CrmScorecardRecompute(models.TransientModel):
    """Recompute the scorecard of a company over a range, in the scheduler."""

    _name = "crm.scorecard.recompute"
    _description = "Recompute Scorecard"

    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    date_from = fields.Date(required=True, default=lambda self: fields.Date.context_today(self).replace(
        day=1, month=1) - relativedelta(years=1))
    date_to = fields.Date(required=True, default=fields.Date.context_today)
    period_type = fields.Selection(
        [("month", "Month"), ("quarter", "Quarter"), ("year", "Year")], required=True, default="month"
    )

    @api.constrains("date_from", "date_to")
    def _check_range(self):
        for wizard in self:
            if wizard.date_to < wizard.date_from:
                raise UserError(self.env._("The range must end after it starts."))

    def action_recompute(self):
        """Queue the range for the scheduler: a long range must not block a request."""
        self.ensure_one()
        # What the scheduler would refuse is said now (crm.run.mixin._run_queue).
        self.env["crm.scorecard.engine"]._run_queue(
            self.company_id, (self.date_from, self.date_to, self.period_type))
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "info",
                "message": self.env._(
                    "The scorecard of %(company)s is being recomputed; its progress shows on the scheduled action.",
                    company=self.company_id.name,
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
