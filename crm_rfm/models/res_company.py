from odoo import api, fields, models
from odoo.exceptions import ValidationError

THRESHOLD_FIELDS = {
    "recency": "rfm_recency_thresholds",
    "frequency": "rfm_frequency_thresholds",
    "monetary": "rfm_monetary_thresholds",
}


class ResCompany(models.Model):
    _inherit = "res.company"

    rfm_window_months = fields.Integer("RFM analysis window (months)", default=24, required=True)
    rfm_scoring_method = fields.Selection(
        [("quantile", "Quantiles"), ("threshold", "Fixed thresholds")],
        string="RFM scoring", default="quantile", required=True,
    )
    rfm_bins = fields.Integer("RFM score levels", default=5, required=True)
    rfm_recency_thresholds = fields.Char(
        "Recency thresholds (days)", default="30,90,180,365",
        help="Ascending day counts separating the score levels; fewer days since the last purchase score higher.",
    )
    rfm_frequency_thresholds = fields.Char(
        "Frequency thresholds", default="2,4,8,16", help="Ascending purchase counts separating the score levels."
    )
    rfm_monetary_thresholds = fields.Char(
        "Monetary thresholds", default="100,500,2000,10000",
        help="Ascending amounts (company currency) separating the score levels.",
    )
    rfm_current_run_id = fields.Many2one("crm.rfm.run", "Current RFM run", readonly=True)
    rfm_history_days = fields.Integer(
        "Keep every RFM run for (days)", default=35, required=True,
        help="Older runs are thinned out to the last run of each month, so the history of a large "
             "customer base does not grow by a full snapshot every night.",
    )
    clv_time_unit = fields.Selection(
        [("day", "Days"), ("week", "Weeks"), ("month", "Months")], string="CLV time unit",
        default="week", required=True,
    )
    clv_horizon_months = fields.Integer("CLV horizon (months)", default=12, required=True)
    clv_discount_rate = fields.Float("CLV annual discount rate (%)", default=10.0)
    clv_margin = fields.Float("CLV margin (%)", default=100.0, help="Share of the revenue that is margin.")
    clv_current_model_id = fields.Many2one("crm.clv.model", "Current CLV model", readonly=True)
    rfm_recompute_requested = fields.Boolean(readonly=True)
    # What the scheduler could not do (crm.run.mixin): tried again tomorrow.
    rfm_failed_date = fields.Date("RFM failed on", readonly=True, copy=False)
    rfm_error = fields.Text("RFM not recomputed", readonly=True, copy=False)
    rfm_recompute_status = fields.Char("RFM status", compute="_compute_rfm_recompute_status")

    @api.constrains("rfm_window_months", "rfm_bins", "rfm_history_days")
    def _check_rfm_numbers(self):
        for company in self:
            if company.rfm_window_months <= 0:
                raise ValidationError(self.env._("The RFM analysis window must be at least one month."))
            if company.rfm_history_days <= 0:
                raise ValidationError(self.env._("Keep the RFM runs of at least the last day."))
            if not 2 <= company.rfm_bins <= 10:
                raise ValidationError(self.env._("RFM scores need between 2 and 10 levels."))

    @api.constrains("clv_horizon_months", "clv_discount_rate", "clv_margin")
    def _check_clv_settings(self):
        for company in self:
            if company.clv_horizon_months <= 0:
                raise ValidationError(self.env._("The CLV horizon must be at least one month."))
            if company.clv_discount_rate < 0:
                raise ValidationError(self.env._("The CLV discount rate cannot be negative."))
            if not 0 < company.clv_margin <= 100:
                raise ValidationError(self.env._("The CLV margin must be above 0% and at most 100%."))

    @api.constrains("rfm_scoring_method", "rfm_bins", *THRESHOLD_FIELDS.values())
    def _check_rfm_thresholds(self):
        for company in self.filtered(lambda c: c.rfm_scoring_method == "threshold"):
            for metric in THRESHOLD_FIELDS:
                company._rfm_thresholds(metric)

    @api.depends("rfm_recompute_requested", "rfm_current_run_id", "rfm_error")
    def _compute_rfm_recompute_status(self):
        waiting = self.sudo().search_count([("rfm_recompute_requested", "=", True)])
        for company in self:
            run = company.sudo().rfm_current_run_id
            if company.rfm_error:
                company.rfm_recompute_status = self.env._(
                    "Not recomputed on %(date)s: %(error)s", date=company.rfm_failed_date, error=company.rfm_error,
                )
            elif company.rfm_recompute_requested:
                company.rfm_recompute_status = self.env._(
                    "Recomputing in the background: %(waiting)s companies still to do. Reload to follow.",
                    waiting=waiting,
                )
            elif run:
                company.rfm_recompute_status = self.env._(
                    "Up to date as of %(date)s: %(count)s customers scored in %(seconds)s s.",
                    date=run.as_of_date, count=run.scored_count, seconds=round(run.duration, 1),
                )
            else:
                company.rfm_recompute_status = self.env._("Not computed yet.")

    def _rfm_check_settings(self):
        self._check_rfm_numbers()
        self._check_rfm_thresholds()

    def _rfm_thresholds(self, metric):
        """The thresholds of ``metric`` as a list of numbers, validated."""
        self.ensure_one()
        if self.rfm_scoring_method != "threshold":
            return None
        field_name = THRESHOLD_FIELDS[metric]
        label = self._fields[field_name].get_description(self.env)["string"]
        text = self[field_name] or ""
        try:
            values = [float(part) for part in text.split(",") if part.strip()]
        except ValueError:
            raise ValidationError(self.env._(
                "%(label)s: write numbers separated by commas, for example 30,90,180,365 (got “%(text)s”).",
                label=label, text=text,
            )) from None
        if len(values) != self.rfm_bins - 1:
            raise ValidationError(self.env._(
                "%(label)s: %(levels)s score levels need %(needed)s thresholds, got %(count)s.",
                label=label, levels=self.rfm_bins, needed=self.rfm_bins - 1, count=len(values),
            ))
        if any(low >= high for low, high in zip(values, values[1:])) or values[0] < 0:
            raise ValidationError(self.env._(
                "%(label)s: thresholds must be positive and strictly ascending (got %(text)s).",
                label=label, text=text,
            ))
        return values

    def _rfm_recompute(self, as_of=None):
        """Compute RFM scores and segments of this company now; return the run."""
        self.ensure_one()
        return self.env["crm.rfm.run"]._run_company(self, as_of)

    def _clv_fit(self, as_of=None):
        """Fit the CLV model of this company and score its customers; return the model."""
        self.ensure_one()
        return self.env["crm.clv.model"]._fit_for_company(self, as_of)

    def action_rfm_recompute_now(self):
        """Queue the recompute for the scheduler (crm.run.mixin._run_queue): what it would refuse is said now."""
        self.env["crm.rfm.run"]._run_queue(self)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "info",
                "title": self.env._("RFM recompute queued"),
                "message": self.env._(
                    "Scores and segments are recomputed in the background; the RFM settings show the progress."
                ),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }
