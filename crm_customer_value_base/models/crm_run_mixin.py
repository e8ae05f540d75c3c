"""The one way a customer-value computation runs, by hand or scheduled.

RFM, the value pyramid and the scorecard each compute a whole company in a
few set-based statements. What surrounds those statements is the same for
all three and lives here once:

- the checks a user can fix (settings, exchange rates), run before any work
  and shared with the "Recompute now" buttons, which say them at once rather
  than in the scheduler's log;
- one computation per company at a time (a transaction-level advisory lock);
- PostgreSQL settings for the computation only (work memory, JIT), restored
  one way;
- all or nothing: a failed computation leaves the previous results current;
- the scheduler: one company per call, each in its own transaction, a company
  that cannot be computed failing alone with its reason, redone when a user's
  concurrent edit made its publication fail.

A computation declares its lock namespace, session settings and the company
fields of its scheduler (``_run_*_field``), and fills in ``_run_prepare``,
``_run_steps``, ``_run_cron_args`` and ``_run_cron_xmlid``. One stored as
run records keeps its history through crm.run.history.mixin.
"""

import functools
import logging

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..tools.concurrency import redo_on_concurrent_update

_logger = logging.getLogger(__name__)


class RunBusy(UserError):
    """The company is being computed by another transaction: try again later, nothing is wrong."""


class CrmRunMixin(models.AbstractModel):
    _name = "crm.run.mixin"
    _description = "Customer value computation"

    # First key of the advisory lock (the second is the company id): one
    # constant per computation, so that different computations do not wait
    # for each other.
    _run_lock_namespace = None
    # PostgreSQL settings for the computation's transaction only.
    _run_session_settings = {}
    # For computations stored as run records (crm.run.history.mixin, the
    # scheduler's default due domain): the run's date and the company's
    # many2one to its current run.
    _run_date_field = None
    _run_current_field = None
    # The company's fields of the scheduler: a boolean "asked for", and the
    # date and reason of today's failure.
    _run_requested_field = None
    _run_failed_date_field = None
    _run_error_field = None

    # ------------------------------------------------------------------
    # Hooks
    # ------------------------------------------------------------------

    @api.model
    def _run_prepare(self, company, *args):
        """Check what the user can fix and return the computation's parameters.

        Raises UserError; writes nothing. Called again by ``_run_queue`` with
        the scheduler's arguments, so the buttons refuse what the scheduler
        would.
        """
        raise NotImplementedError

    @api.model
    def _run_steps(self, company, params):
        """Compute and store; return what the caller gets (a run record, or nothing)."""
        raise NotImplementedError

    @api.model
    def _run_busy_message(self, company):
        return self.env._(
            "%(computation)s is already running for %(company)s. Try again when it has finished.",
            computation=self._description, company=company.name,
        )

    @api.model
    def _run_cron_due_domain(self, today):
        """Companies (res.company domain) the scheduler still has to compute
        today: asked for, never computed, or whose current run is older than
        today; not those that already failed today."""
        current, failed = self._run_current_field, self._run_failed_date_field
        return [
            "|", "|",
            (self._run_requested_field, "=", True),
            (current, "=", False),
            (f"{current}.{self._run_date_field}", "<", today),
            "|", (failed, "=", False), (failed, "<", today),
        ]

    @api.model
    def _run_cron_args(self, company, today):
        """The arguments of ``_run_prepare`` when the scheduler computes ``company`` on ``today``."""
        raise NotImplementedError

    @api.model
    def _run_cron_company(self, company, today):
        """What the scheduler does for one company: by default, compute it."""
        return self._run_company(company, *self._run_cron_args(company, today))

    @api.model
    def _run_cron_done(self, company, today):
        """Record that ``company`` was computed: its request and last failure are cleared."""
        company.sudo().write({
            self._run_requested_field: False, self._run_failed_date_field: False, self._run_error_field: False,
        })

    @api.model
    def _run_cron_failed(self, company, today, message):
        """Record why ``company`` could not be computed today (it is tried again tomorrow)."""
        company.sudo().write({self._run_failed_date_field: today, self._run_error_field: message})

    @api.model
    def _run_cron_xmlid(self):
        raise NotImplementedError

    # ------------------------------------------------------------------
    # The template
    # ------------------------------------------------------------------

    @api.model
    def _run_company(self, company, *args):
        """Compute ``company``: checks, lock, session settings, steps, all or nothing."""
        # A failed computation rolls back to here, even when the caller goes
        # on: no half-written result, the previous one stays current, and
        # the session settings are rolled back with it.
        with self.env.cr.savepoint():
            params = self._run_prepare(company, *args)
            self._run_lock(company)
            found = self._run_set_session_settings(self._run_session_settings)
            result = self._run_steps(company, params)
            self._run_set_session_settings(found)
        return result

    @api.model
    def _run_lock(self, company):
        self.env.cr.execute(SQL("SELECT pg_try_advisory_xact_lock(%s, %s)", self._run_lock_namespace, company.id))
        if not self.env.cr.fetchone()[0]:
            raise RunBusy(self._run_busy_message(company))

    @api.model
    def _run_set_session_settings(self, settings):
        """Set ``settings`` ({name: value}) for the rest of the transaction; return the values they replace."""
        if not settings:
            return {}
        cr = self.env.cr
        names = list(settings)
        cr.execute(SQL("SELECT %s", SQL(", ").join(SQL("current_setting(%s)", name) for name in names)))
        found = dict(zip(names, cr.fetchone()))
        cr.execute(SQL("SELECT %s", SQL(", ").join(
            SQL("set_config(%s, %s, true)", name, value) for name, value in settings.items()
        )))
        return found

    # ------------------------------------------------------------------
    # The scheduler and the "Recompute now" buttons
    # ------------------------------------------------------------------

    @api.model
    def _run_cron(self):
        """Compute one company per call; the cron runner calls again while
        some remain and commits after each call (batched as ir.cron expects),
        so each company is computed in a transaction of its own."""
        today = fields.Date.context_today(self)
        companies = self.env["res.company"].sudo()
        due = self._run_cron_due_domain(today)
        company = companies.search(due, order="id", limit=1)
        done = 0
        if company:
            # A user who saves one of the company's partners after the run
            # began and before it publishes makes the publication fail with
            # a serialization error (Odoo's transactions are REPEATABLE
            # READ): the company is then redone in a fresh transaction, which
            # sees and keeps the user's edit.
            done = redo_on_concurrent_update(self.env, functools.partial(self._run_cron_one, company, today))
        # done = 0 (the company is busy elsewhere) ends this batch: the
        # runner does not call again at once, the next trigger does.
        self.env["ir.cron"]._notify_progress(done=done, remaining=companies.search_count(due))

    @api.model
    def _run_cron_one(self, company, today):
        try:
            with self.env.cr.savepoint():
                self._run_cron_company(company, today)
        except RunBusy as error:
            _logger.info("%s of %s postponed: %s", self._description, company.name, error)
            return 0
        except UserError as error:
            # Left due tomorrow, with what a manager must fix; nothing of it was stored.
            _logger.warning("%s of %s not computed: %s", self._description, company.name, error)
            self._run_cron_failed(company, today, str(error))
            return 1
        self._run_cron_done(company, today)
        return 1

    @api.model
    def _run_queue(self, companies, args=None):
        """Check each company as the scheduler will compute it (with ``args``
        for ``_run_prepare``, by default the scheduler's own), ask the
        scheduler for it, and wake it up: a computation may take minutes,
        which an HTTP request must not wait for."""
        today = fields.Date.context_today(self)
        for company in companies:
            self._run_prepare(company, *(args or self._run_cron_args(company, today)))
        self._run_request(companies.sudo(), args)
        self.env.ref(self._run_cron_xmlid()).sudo()._trigger()

    @api.model
    def _run_request(self, companies, args=None):
        """Mark ``companies`` as asked for (with ``args``, if the computation
        takes a request's own arguments), so that ``_run_cron_due_domain``
        finds them, even after a failure today."""
        companies.write({self._run_requested_field: True, self._run_failed_date_field: False})
