"""Measure again: a run compared with a baseline.

The method ends by measuring again against a starting point: the segment
transitions and the pyramid migration of "baseline → now". The user picks
the run to measure (the current one by default) and the baseline, a kept run
or a date (the company's last run on or before it: the last run of each
month is always kept). Each computation adds the many2ones to its own runs
(``run_id``, ``baseline_run_id``) and its matrix
(``crm.run.history.mixin._run_compare_*``).
"""

from odoo import api, fields, models
from odoo.exceptions import UserError


class CrmRunCompareMixin(models.AbstractModel):
    _name = "crm.run.compare.mixin"
    _description = "Compare a run with a baseline"

    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    baseline_mode = fields.Selection(
        [("run", "A kept run"), ("date", "A date")], "Compare with", default="run", required=True,
    )
    baseline_date = fields.Date(
        "Baseline date",
        help="The company's last run on or before this date is the baseline: the last run of each month is "
             "always kept, so 'the same month last year' is there.",
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        runs = self.env[self._fields["run_id"].comodel_name]
        company = self.env["res.company"].browse(values.get("company_id")) or self.env.company
        if "run_id" in fields_list and not values.get("run_id"):
            values["run_id"] = company.sudo()[runs._run_current_field].id
        if "baseline_run_id" in fields_list and not values.get("baseline_run_id"):
            # The latest baseline, else nothing: the user chooses.
            baseline = runs.search([("company_id", "=", company.id), ("is_baseline", "=", True)], limit=1)
            values["baseline_run_id"] = baseline.id
        return values

    def _compare_baseline(self):
        """The baseline run chosen, checked against the run measured."""
        self.ensure_one()
        runs = self.env[self._fields["run_id"].comodel_name]
        if not self.run_id:
            raise UserError(self.env._("Choose the run to measure."))
        if self.baseline_mode == "date":
            if not self.baseline_date:
                raise UserError(self.env._("Choose the baseline date."))
            baseline = runs._run_on_or_before(self.run_id.company_id, self.baseline_date)
            if not baseline:
                raise UserError(self.env._(
                    "%(company)s has no run on or before %(date)s to compare with. Compute the past months "
                    "first (Backfill history).",
                    company=self.run_id.company_id.name, date=self.baseline_date,
                ))
        else:
            baseline = self.baseline_run_id
            if not baseline:
                raise UserError(self.env._("Choose the baseline run, or compare with a date."))
        date_field = runs._run_date_field
        if baseline == self.run_id:
            raise UserError(self.env._("The baseline is the run measured itself: choose an earlier run or date."))
        if baseline.company_id != self.run_id.company_id:
            raise UserError(self.env._("The baseline must be a run of the same company as the run measured."))
        if baseline[date_field] > self.run_id[date_field]:
            raise UserError(self.env._(
                "The baseline (%(baseline)s) is later than the run measured (%(run)s): measure a later run.",
                baseline=baseline[date_field], run=self.run_id[date_field],
            ))
        return baseline

    def action_compare(self):
        """Open the run's matrix against the baseline."""
        return self.run_id._run_compare_action(self._compare_baseline())
