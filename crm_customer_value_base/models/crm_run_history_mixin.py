"""The history of a computation stored as run records (RFM, value pyramid).

A run is one computation of one company as of one date, with a row per
customer (crm.run.rows.mixin). What the reader needs to know of each run,
and what keeps the history comparable, lives here once:

- markers: the current run, the last run of its day (screens over time
  count one run a day), baselines kept by a manager;
- where a run stands among the others: the run it is compared with is the
  company's last run on or before its date; a run of the past (Backfill
  history) does not become current and becomes the comparison of the later
  runs it precedes;
- pruning: recent runs, the last run of each month, the current run and the
  baselines are kept; a kept run whose comparison is deleted is compared with
  the kept run before it, never with nothing;
- Measure again and Backfill history: the hooks the wizards call.

A run model declares the many2one to the run it is compared with
(``_run_previous_field``), who manages its history, and whether past
month-ends can be computed.
"""

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

from ..tools.periods import day_periods_sql


class CrmRunHistoryMixin(models.AbstractModel):
    _name = "crm.run.history.mixin"
    _inherit = ["crm.run.mixin"]
    _description = "Customer value runs kept as a history"

    # The run's many2one to the run it is compared with.
    _run_previous_field = "previous_run_id"
    # Who keeps and releases baselines and backfills the history.
    _run_manager_group = "sales_team.group_sale_manager"
    # Whether past month-ends can be computed (Backfill history: _run_backfill_args).
    _run_backfill = False
    # Measure again: the action of the run's matrix (its rows filtered on
    # the run), the context key its rows read the baseline from, and the
    # wizard that asks for the baseline.
    _run_compare_matrix_xmlid = None
    _run_compare_context_key = None
    _run_compare_wizard_xmlid = None

    # What a run is to the reader.
    is_current = fields.Boolean(
        "Current", compute="_compute_is_current", search="_search_is_current",
        help="The run whose figures the customers show now: the company's last completed run.",
    )
    is_last_of_day = fields.Boolean(
        "Last of its day", compute="_compute_is_last_of_day", search="_search_is_last_of_day",
        help="The company's last run of its date: screens over time count one run a day, this one.",
    )
    is_baseline = fields.Boolean(
        "Baseline", readonly=True, copy=False,
        help="Kept whatever the history setting, to compare later runs with (Measure again).",
    )
    baseline_name = fields.Char(
        "Baseline name", readonly=True, copy=False,
        help="What the baseline stands for, e.g. \"Start of the project\".",
    )

    # ------------------------------------------------------------------
    # Hooks
    # ------------------------------------------------------------------

    @api.model
    def _run_backfill_args(self, company, day):
        """The arguments of ``_run_prepare`` for the run of ``company`` as of the past ``day`` (Backfill history)."""
        raise NotImplementedError

    @api.model
    def _run_prune_keep_days(self, company):
        """Days of runs the company keeps whole (None: keep every run)."""
        return None

    def _run_compare_with_previous(self):
        """Hook: the runs' previous run changed (pruning, a run of the past
        stored before them); rows that store what they are compared with
        are brought up to date."""

    def _run_compare_title(self, baseline):
        """Hook: the title of this run's matrix compared with ``baseline`` ("... baseline → run")."""
        raise NotImplementedError

    @api.model
    def _run_company(self, company, *args):
        # Usually the latest run, and nothing to do; a run of the past
        # becomes the comparison of the later runs it precedes.
        run = super()._run_company(company, *args)
        run._run_insert_into_history()
        return run

    # ------------------------------------------------------------------
    # What a run is: current, last of its day, baseline
    # ------------------------------------------------------------------

    def _compute_is_current(self):
        for run in self:
            run.is_current = run.company_id.sudo()[self._run_current_field] == run

    def _search_is_current(self, operator, value):
        if operator not in ("=", "!="):
            raise NotImplementedError(operator)
        current = self._run_current_field
        current_ids = self.env["res.company"].sudo().search([(current, "!=", False)])[current].ids
        return [("id", "in" if (operator == "=") == bool(value) else "not in", current_ids)]

    @api.model
    def _run_last_of_day_sql(self):
        """The ids of the runs that are the last of their company and date:
        the one owner of "one run a day" (a later run of the same day
        replaces an earlier one in every history)."""
        return SQL(
            "SELECT DISTINCT ON (company_id, %(date)s) id FROM %(table)s ORDER BY company_id, %(date)s, id DESC",
            table=SQL.identifier(self._table), date=SQL.identifier(self._run_date_field),
        )

    def _compute_is_last_of_day(self):
        self.env.cr.execute(SQL("%s", self._run_last_of_day_sql()))
        last_ids = {run_id for run_id, in self.env.cr.fetchall()}
        for run in self:
            run.is_last_of_day = run.id in last_ids

    def _search_is_last_of_day(self, operator, value):
        if operator not in ("=", "!="):
            raise NotImplementedError(operator)
        last_of_day = SQL("(%s)", self._run_last_of_day_sql())
        return [("id", "in" if (operator == "=") == bool(value) else "not in", last_of_day)]

    @api.model
    def _run_check_manager_rights(self):
        # The runs are written by the computations only (no write access):
        # baselines and backfills go through here, for the computation's managers.
        if not self.env.user.has_group(self._run_manager_group):
            raise AccessError(self.env._(
                "Only a manager of %(computation)s can keep baselines or compute past months.",
                computation=self.env["ir.model"]._get(self._name).name,
            ))

    def action_keep_as_baseline(self):
        """Ask for the baseline's name (crm.run.baseline), then keep the run."""
        self.ensure_one()
        self._run_check_manager_rights()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Keep as baseline"),
            "res_model": "crm.run.baseline",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_res_model": self._name,
                "default_res_id": self.id,
                "default_name": self.baseline_name or self.env._(
                    "Baseline of %(date)s", date=self[self._run_date_field]),
            },
        }

    def _run_keep_as_baseline(self, name):
        """Keep the run whatever the history setting, under ``name``: later
        runs are compared with it (Measure again)."""
        self._run_check_manager_rights()
        self.check_access("read")  # not another company's run, through an id given to the wizard
        self.sudo().write({"is_baseline": True, "baseline_name": name})

    def action_release_baseline(self):
        """No longer a baseline: the run is pruned as any other (the next
        pruning deletes it unless it is recent or the last of its month)."""
        self._run_check_manager_rights()
        self.check_access("read")
        self.sudo().write({"is_baseline": False})

    @api.model
    def _run_previous_for(self, company, day):
        """The run a new run of ``company`` dated ``day`` is compared with:
        the company's last run on or before that day (the current run, but
        for a run of the past: Backfill history)."""
        return self.sudo()._run_on_or_before(company, day)

    def _run_is_latest(self):
        """Whether no run of the company is dated later: only such a run
        becomes current when it is stored (a run of the past does not)."""
        self.ensure_one()
        date_field = self._run_date_field
        return not self.sudo().search_count([
            ("company_id", "=", self.company_id.id), (date_field, ">", self[date_field]),
        ], limit=1)

    def _run_insert_into_history(self):
        """A run stored among later ones (Backfill history): the later runs
        compared with an earlier run than this one are compared with this
        one instead, as if it had been computed in its time."""
        self.ensure_one()
        self.flush_model()
        table, date = SQL.identifier(self._table), SQL.identifier(self._run_date_field)
        previous = SQL.identifier(self._run_previous_field)
        self.env.cr.execute(SQL(
            """
            UPDATE %(table)s later
               SET %(previous)s = %(run)s
              FROM %(table)s run
             WHERE run.id = %(run)s AND later.company_id = run.company_id
               AND (later.%(date)s, later.id) > (run.%(date)s, run.id)
               AND (later.%(previous)s IS NULL OR (
                    SELECT (before.%(date)s, before.id) < (run.%(date)s, run.id)
                      FROM %(table)s before WHERE before.id = later.%(previous)s))
            RETURNING later.id
            """,
            table=table, date=date, previous=previous, run=self.id,
        ))
        recompared = self.browse([run_id for run_id, in self.env.cr.fetchall()])
        self.invalidate_model([self._run_previous_field])
        recompared._run_compare_with_previous()

    @api.model
    def _run_on_or_before(self, company, day):
        """The company's last run dated on or before ``day`` (an empty recordset if none)."""
        return self.search([("company_id", "=", company.id), (self._run_date_field, "<=", day)],
                           order=f"{self._run_date_field} desc, id desc", limit=1)

    def _run_compare_action(self, baseline):
        """The window action of this run's matrix compared with ``baseline``."""
        action = self.env["ir.actions.act_window"]._for_xml_id(self._run_compare_matrix_xmlid)
        action["domain"] = [("run_id", "=", self.id)]
        action["context"] = {self._run_compare_context_key: baseline.id}
        action["display_name"] = self._run_compare_title(baseline)
        return action

    def action_compare_with_baseline(self):
        """The wizard of Measure again, measuring this run."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(self._run_compare_wizard_xmlid)
        action["context"] = {"default_run_id": self.id, "default_company_id": self.company_id.id}
        return action

    def _run_compare_label(self):
        """The run as the baseline of a comparison: its baseline name and date, or its date."""
        self.ensure_one()
        day = fields.Date.to_string(self[self._run_date_field])
        return f"{self.baseline_name} ({day})" if self.is_baseline and self.baseline_name else day

    @api.model
    def _run_last_in_periods(self, company, periods):
        """{period index: id of the company's last run dated within it} of
        ``periods`` [(first day, last day)]; periods without a run are left out."""
        self.env.cr.execute(SQL(
            """
            SELECT DISTINCT ON (p.idx) p.idx, run.id
              FROM %(periods)s
              JOIN %(table)s run ON run.company_id = %(company)s AND run.%(date)s BETWEEN p.date_from AND p.date_to
             ORDER BY p.idx, run.%(date)s DESC, run.id DESC
            """,
            periods=day_periods_sql(periods), table=SQL.identifier(self._table),
            date=SQL.identifier(self._run_date_field), company=company.id,
        ))
        return dict(self.env.cr.fetchall())

    @api.model
    def _run_prune(self, company, today=None):
        """Delete the company's runs older than ``_run_prune_keep_days``,
        except the last run of each month, the current run and the
        baselines, with their rows (each run model's unlink). Returns how
        many runs were deleted.

        A nightly run of a large customer base adds a row per customer: the
        history is thinned out to one run a month instead of growing by a
        full copy every night. A kept run compared with a deleted one is
        compared with the kept run before it instead
        (``_run_compare_with_previous``): a month-end run is then compared
        with the month-end before, never with nothing.
        """
        keep_days = self._run_prune_keep_days(company)
        if keep_days is None:
            return 0
        today = fields.Date.to_date(today) or fields.Date.context_today(self)
        self.flush_model()
        cr = self.env.cr
        table, date = SQL.identifier(self._table), SQL.identifier(self._run_date_field)
        cr.execute(SQL(
            """
            SELECT run.id FROM %(table)s run
             WHERE run.company_id = %(company)s
               AND run.%(date)s < %(keep_from)s
               AND run.id IS DISTINCT FROM %(current)s
               AND run.is_baseline IS NOT TRUE
               AND run.id NOT IN (
                    SELECT DISTINCT ON (date_trunc('month', month_run.%(date)s)) month_run.id
                      FROM %(table)s month_run
                     WHERE month_run.company_id = %(company)s
                     ORDER BY date_trunc('month', month_run.%(date)s), month_run.%(date)s DESC, month_run.id DESC)
            """,
            table=table, date=date, company=company.id,
            current=company.sudo()[self._run_current_field].id or None,
            keep_from=today - relativedelta(days=keep_days),
        ))
        old_ids = [run_id for run_id, in cr.fetchall()]
        if not old_ids:
            return 0
        previous = SQL.identifier(self._run_previous_field)
        cr.execute(SQL(
            """
            UPDATE %(table)s kept
               SET %(previous)s = (
                    SELECT earlier.id FROM %(table)s earlier
                     WHERE earlier.company_id = kept.company_id
                       AND (earlier.%(date)s, earlier.id) < (kept.%(date)s, kept.id)
                       AND earlier.id != ALL(%(old)s)
                     ORDER BY earlier.%(date)s DESC, earlier.id DESC LIMIT 1)
             WHERE kept.%(previous)s = ANY(%(old)s) AND kept.id != ALL(%(old)s)
            RETURNING kept.id
            """,
            table=table, date=date, previous=previous, old=old_ids,
        ))
        recompared = self.browse([run_id for run_id, in cr.fetchall()])
        self.invalidate_model([self._run_previous_field])
        recompared._run_compare_with_previous()
        self.browse(old_ids).sudo().unlink()
        return len(old_ids)
