"""Backfill history: the month-end runs of the past, computed in the background.

Right after installation there is one run: nothing to compare, no trend.
A manager asks for the past N month-ends (crm.run.backfill.wizard); each
month-end of each computation is a request here, computed by the scheduler
one per call, oldest first, each in its own transaction. A request fails
alone with its reason (a missing exchange rate, say); a month-end that
already has a run is not computed twice. A run of the past does not become
current and takes its place in the history (crm.run.history.mixin).
"""

import logging

from odoo import api, fields, models
from odoo.exceptions import UserError

from .crm_run_mixin import RunBusy

_logger = logging.getLogger(__name__)


class CrmRunBackfill(models.Model):
    _name = "crm.run.backfill"
    _description = "Month-end run of the past to compute"
    _order = "as_of_date, id"

    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    res_model = fields.Selection(
        selection="_selection_res_model", string="Computation", required=True, readonly=True,
    )
    as_of_date = fields.Date("Month-end", required=True, readonly=True)
    state = fields.Selection(
        [("pending", "Waiting"), ("done", "Done"), ("failed", "Failed")],
        default="pending", required=True, readonly=True, index=True,
    )
    error = fields.Text("Why it failed", readonly=True)

    @api.model
    def _selection_res_model(self):
        return [(model._name, model._description) for model in self._backfill_models()]

    @api.model
    def _backfill_models(self):
        """The run models whose past month-ends can be computed, as empty recordsets."""
        mixin = self.env.registry["crm.run.history.mixin"]
        return [
            self.env[name] for name, model_class in self.env.registry.items()
            if not model_class._abstract and issubclass(model_class, mixin) and model_class._run_backfill
        ]

    @api.model
    def _run_exists(self, res_model, company, day):
        runs = self.env[res_model].sudo()
        return bool(runs.search_count([("company_id", "=", company.id), (runs._run_date_field, "=", day)], limit=1))

    @api.model
    def _request(self, res_model, company, days):
        """Ask for the runs of ``company`` as of ``days``, but those already
        computed or asked for; wake the scheduler. Returns the requests."""
        self.env[res_model]._run_check_manager_rights()
        waiting = set(self.sudo().search([
            ("res_model", "=", res_model), ("company_id", "=", company.id), ("state", "=", "pending"),
        ]).mapped("as_of_date"))
        missing = [day for day in days if day not in waiting and not self._run_exists(res_model, company, day)]
        for day in missing:
            # What the user can fix (settings, rates) is said now, not in the log.
            self.env[res_model]._run_prepare(company, *self.env[res_model]._run_backfill_args(company, day))
        requests = self.sudo().create([
            {"res_model": res_model, "company_id": company.id, "as_of_date": day} for day in missing
        ])
        if requests:
            self.env.ref("crm_customer_value_base.ir_cron_run_backfill").sudo()._trigger()
        return requests

    @api.model
    def _cron_process(self):
        """Compute one request per call, oldest month-end first; the cron
        runner calls again while some remain, committing after each."""
        pending = [("state", "=", "pending")]
        request = self.sudo().search(pending, limit=1)
        done = request._process() if request else 0
        self.env["ir.cron"]._notify_progress(done=done, remaining=self.sudo().search_count(pending))

    def _process(self):
        self.ensure_one()
        runs = self.env[self.res_model].sudo()
        if self._run_exists(self.res_model, self.company_id, self.as_of_date):
            self.state = "done"
            return 1
        try:
            with self.env.cr.savepoint():
                runs._run_company(self.company_id, *runs._run_backfill_args(self.company_id, self.as_of_date))
        except RunBusy:
            # The nightly run of the company holds it: the next trigger goes on.
            return 0
        except UserError as error:
            _logger.warning("%s of %s as of %s not computed: %s",
                            runs._description, self.company_id.name, self.as_of_date, error)
            self.write({"state": "failed", "error": str(error)})
            return 1
        self.state = "done"
        return 1
