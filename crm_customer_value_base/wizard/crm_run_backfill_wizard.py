from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

# More months than this is years of nightly work for a large customer base
# asked for by one click: done in several requests, on purpose.
MAX_MONTHS = 36


class CrmRunBackfillWizard(models.TransientModel):
    """Backfill history: ask for the month-end runs of the past N months."""

    _name = "crm.run.backfill.wizard"
    _description = "Compute the month-end runs of the past"

    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    months = fields.Integer(
        "Past months", default=12, required=True,
        help="The last day of each of the past months, the last complete month first.",
    )
    computations = fields.Selection(
        selection=lambda self: self.env["crm.run.backfill"]._selection_res_model(), string="Computation",
    )
    everything = fields.Boolean("Every computation", default=True)
    pending_count = fields.Integer("Waiting", compute="_compute_pending_count")

    @api.depends("company_id")
    def _compute_pending_count(self):
        for wizard in self:
            wizard.pending_count = self.env["crm.run.backfill"].sudo().search_count([
                ("company_id", "=", wizard.company_id.id), ("state", "=", "pending"),
            ])

    def _month_ends(self, today):
        """The last days of the ``months`` complete months before ``today``, oldest first."""
        first_of_month = today.replace(day=1)
        return [first_of_month - relativedelta(months=back) - relativedelta(days=1)
                for back in range(self.months - 1, -1, -1)]

    def action_backfill(self):
        self.ensure_one()
        if not 1 <= self.months <= MAX_MONTHS:
            raise UserError(self.env._("Ask for between 1 and %(max)s past months.", max=MAX_MONTHS))
        if not self.everything and not self.computations:
            raise UserError(self.env._("Choose the computation to backfill, or every computation."))
        days = self._month_ends(fields.Date.context_today(self))
        backfill = self.env["crm.run.backfill"]
        # Every computation the user manages (a value manager who is not a
        # sales manager backfills the value pyramid only), or the one chosen.
        models_asked = [
            model._name for model in backfill._backfill_models() if self.env.user.has_group(model._run_manager_group)
        ] if self.everything else [self.computations]
        if not models_asked:
            raise AccessError(self.env._("You manage none of the computations whose past months can be computed."))
        asked = backfill.browse()
        for res_model in models_asked:
            asked |= backfill._request(res_model, self.company_id, days)
        message = self.env._(
            "%(count)s month-end runs are computed in the background, oldest first (%(first)s to %(last)s); "
            "the others were already there or asked for.",
            count=len(asked), first=days[0], last=days[-1],
        ) if asked else self.env._("Every month-end asked for is already computed or waiting.")
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Backfill history"),
                "message": message,
                "type": "success" if asked else "info",
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
