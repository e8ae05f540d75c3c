import functools
import logging

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.crm_customer_value_base.tools.concurrency import redo_on_concurrent_update

_logger = logging.getLogger(__name__)


class ResCompany(models.Model):
    _inherit = "res.company"

    # A range to recompute, asked for from the wizard and done by the cron.
    scorecard_request_date_from = fields.Date(readonly=True, copy=False)
    scorecard_request_date_to = fields.Date(readonly=True, copy=False)
    scorecard_request_period = fields.Selection(
        [("month", "Month"), ("quarter", "Quarter"), ("year", "Year")], readonly=True, copy=False
    )

    # What the scheduler did last (see _scorecard_cron).
    scorecard_computed_date = fields.Date("Scorecard computed on", readonly=True, copy=False)
    scorecard_failed_date = fields.Date("Scorecard failed on", readonly=True, copy=False)
    scorecard_error = fields.Text("Scorecard not computed", readonly=True, copy=False)

    # ------------------------------------------------------------------
    # Public API
    # ------------------------------------------------------------------

    def _scorecard_compute(self, date_from, date_to, period="month"):
        """Compute and store every KPI of this company for every period of ``period`` type
        ("month", "quarter" or "year") meeting the range; return the duration in seconds.

        The entry point for scripts (``odoo shell``); the work is done by
        crm.scorecard.engine and the KPI providers.
        """
        self.ensure_one()
        return self.env["crm.scorecard.engine"]._compute(self, date_from, date_to, period)

    def _scorecard_check_currency_rates(self, periods):
        """Refuse the periods' sales in a currency without any exchange rate (before queueing a range)."""
        self.ensure_one()
        self.env["crm.scorecard.engine"]._check_currency_rates(self, periods)

    # ------------------------------------------------------------------
    # The dashboard's side panel
    # ------------------------------------------------------------------

    def _scorecard_pyramid_sizes(self):
        run = self.env["crm.value.run"].search([("company_id", "=", self.id)], limit=1)
        if not run:
            return []
        counts = run._level_sizes()
        levels = self.env["crm.value.line"]._fields["level"].selection
        return [[label, counts.get(level, 0)] for level, label in levels]

    def _scorecard_segment_sizes(self):
        run = self.rfm_current_run_id
        if not run:
            return []
        sizes = run._segment_sizes()
        segments = self.env["crm.rfm.segment"].with_context(active_test=False).browse(
            [segment_id for segment_id in sizes if segment_id])
        return sorted(
            ([segment.name, sizes[segment.id][0]] for segment in segments.exists()),
            key=lambda name_count: -name_count[1],
        )

    # ------------------------------------------------------------------
    # Scheduler
    # ------------------------------------------------------------------

    @api.model
    def _scorecard_cron_due_domain(self, today):
        """Companies the scheduler still has to compute today: a range asked
        for, or not computed today; not those that already failed today."""
        return [
            "|", "|",
            ("scorecard_request_date_from", "!=", False),
            ("scorecard_computed_date", "=", False),
            ("scorecard_computed_date", "<", today),
            "|", ("scorecard_failed_date", "=", False), ("scorecard_failed_date", "<", today),
        ]

    @api.model
    def _scorecard_cron(self):
        """Compute one company per call: a range asked for from the recompute
        wizard, then the last closed and the current month.

        The cron runner calls again while companies remain and commits after
        each call, so each company is computed in a transaction of its own: a
        company that cannot be computed (a currency without rate) keeps its
        reason and fails alone; the others are computed.
        """
        today = fields.Date.context_today(self)
        due = self._scorecard_cron_due_domain(today)
        company = self.search(due, order="id", limit=1)
        if company:
            # Redone in a fresh transaction when another cron or a user
            # saved the company meanwhile (see crm_rfm's cron).
            redo_on_concurrent_update(self.env, functools.partial(company._scorecard_cron_company, today))
        self.env["ir.cron"]._notify_progress(done=len(company), remaining=self.search_count(due))

    def _scorecard_cron_company(self, today):
        self.ensure_one()
        last_closed = today.replace(day=1) - relativedelta(months=1)
        try:
            with self.env.cr.savepoint():
                if self.scorecard_request_date_from and self.scorecard_request_date_to:
                    self._scorecard_compute(
                        self.scorecard_request_date_from, self.scorecard_request_date_to,
                        self.scorecard_request_period or "month",
                    )
                    self.sudo().write({"scorecard_request_date_from": False, "scorecard_request_date_to": False})
                self._scorecard_compute(last_closed, today, "month")
        except UserError as error:
            # Left due tomorrow, with what a manager must fix; nothing of it was stored.
            _logger.warning("Scorecard of %s not computed: %s", self.name, error)
            self.sudo().write({"scorecard_failed_date": today, "scorecard_error": str(error)})
            return
        self.sudo().write({"scorecard_computed_date": today, "scorecard_failed_date": False, "scorecard_error": False})
