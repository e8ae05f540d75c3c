from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..lib import scorecard


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
        # Said now rather than in the scheduler's log, where nobody would read it.
        self.company_id._scorecard_check_currency_rates(
            scorecard.periods(self.date_from, self.date_to, self.period_type)
        )
        self.company_id.sudo().write({
            "scorecard_request_date_from": self.date_from,
            "scorecard_request_date_to": self.date_to,
            "scorecard_request_period": self.period_type,
            # Asked again: tried again now, even after a failure today.
            "scorecard_failed_date": False,
        })
        self.env.ref("crm_scorecard.ir_cron_scorecard_compute").sudo()._trigger()
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
