from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    # A range to recompute, asked for from the wizard and done by the cron.
    scorecard_request_date_from = fields.Date(readonly=True, copy=False)
    scorecard_request_date_to = fields.Date(readonly=True, copy=False)
    scorecard_request_period = fields.Selection(
        [("month", "Month"), ("quarter", "Quarter"), ("year", "Year")], readonly=True, copy=False
    )

    # What the scheduler did last (crm.scorecard.engine, crm.run.mixin).
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
