import time

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from odoo.addons.crm_customer_value_base.models.crm_purchase_facts import PURCHASE_SOURCES
from odoo.addons.crm_customer_value_base.tools.access import VALUE_MANAGER

from .crm_rfm_snapshot import COMPARE_CONTEXT
from .res_partner import RFM_RESULTS

# Namespace of the advisory lock that keeps one run per company at a time.
RECOMPUTE_LOCK = 0x52464D  # "RFM"


class CrmRfmRun(models.Model):
    """One RFM computation of one company as of one date, with its snapshot."""

    _name = "crm.rfm.run"
    _inherit = ["crm.run.history.mixin"]
    _description = "RFM Run"
    _order = "as_of_date desc, id desc"
    _check_company_auto = True
    _run_lock_namespace = RECOMPUTE_LOCK
    # The scores sort every customer three times over: in memory rather than
    # in temporary files.
    _run_session_settings = {"work_mem": "128MB"}
    _run_date_field = "as_of_date"
    _run_current_field = "rfm_current_run_id"
    _run_requested_field = "rfm_recompute_requested"
    _run_failed_date_field = "rfm_failed_date"
    _run_error_field = "rfm_error"
    _run_backfill = True
    _run_compare_matrix_xmlid = "crm_rfm.crm_rfm_snapshot_transition_action"
    _run_compare_context_key = COMPARE_CONTEXT
    _run_compare_wizard_xmlid = "crm_rfm.crm_rfm_compare_action"

    name = fields.Char(compute="_compute_name")
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    as_of_date = fields.Date(required=True, readonly=True)
    date_from = fields.Date("Window start", required=True, readonly=True)
    purchase_source = fields.Selection(
        PURCHASE_SOURCES,
        required=True, readonly=True,
    )
    scoring_method = fields.Selection(
        [("quantile", "Quantiles"), ("threshold", "Fixed thresholds")], required=True, readonly=True
    )
    bins = fields.Integer(required=True, readonly=True)
    scored_count = fields.Integer("Scored customers", readonly=True)
    # {segment id: [customers, monetary]}, written once with the run so that
    # segment sizes never regroup a million snapshots (dashboards, segment list).
    segment_summary = fields.Json(readonly=True, groups=VALUE_MANAGER)
    duration = fields.Float("Duration (s)", readonly=True, digits=(16, 2))
    snapshot_ids = fields.One2many("crm.rfm.snapshot", "run_id")
    previous_run_id = fields.Many2one(
        "crm.rfm.run", "Compared with", readonly=True, ondelete="set null",
        help="The run the previous segments come from: the run current when this one was made, or, once that "
             "one is pruned, the kept run before it.",
    )

    @api.depends("as_of_date", "company_id")
    def _compute_name(self):
        for run in self:
            run.name = self.env._("RFM as of %(date)s", date=run.as_of_date)

    # ------------------------------------------------------------------
    # The computation: one statement per step, over the whole company.
    # ------------------------------------------------------------------

    @api.model
    def _run_prepare(self, company, as_of=None):
        as_of = fields.Date.to_date(as_of) or fields.Date.context_today(self)
        company._rfm_check_settings()
        self._check_company_has_segments(company)
        date_from = as_of - relativedelta(months=company.rfm_window_months) + relativedelta(days=1)
        self.env["crm.purchase.facts"]._check_currency_rates(
            company, company.customer_purchase_source, date_from, as_of)
        return {"as_of": as_of, "date_from": date_from}

    @api.model
    def _run_steps(self, company, params):
        started = time.perf_counter()
        run = self.sudo().create({
            "company_id": company.id,
            "as_of_date": params["as_of"],
            "date_from": params["date_from"],
            "purchase_source": company.customer_purchase_source,
            "scoring_method": company.rfm_scoring_method,
            "bins": company.rfm_bins,
            "previous_run_id": self._run_previous_for(company, params["as_of"]).id,
        })
        # Dropped below, or rolled back with the run when it fails.
        self.env.cr.execute(SQL("CREATE TEMP TABLE crm_rfm_facts AS %s", run._purchase_facts_query()))
        scored_count = run._insert_snapshot()
        run._check_every_customer_has_a_segment()
        self.env.cr.execute(SQL("DROP TABLE crm_rfm_facts"))
        run.scored_count = scored_count
        run.segment_summary = run._summarize_segments()
        run.duration = time.perf_counter() - started
        # Publishing: the partners read the rows of the company's current run.
        if run._run_is_latest():
            company.sudo().rfm_current_run_id = run
            self.env["res.partner"].invalidate_model([*RFM_RESULTS.columns, "rfm_recency_days"])
        return run

    @api.model
    def _run_busy_message(self, company):
        return self.env._(
            "An RFM recompute is already running for %(company)s. Try again when it has finished.",
            company=company.name,
        )

    def _run_compare_title(self, baseline):
        return self.env._(
            "Segment transitions: %(baseline)s → %(run)s",
            baseline=baseline._run_compare_label(), run=fields.Date.to_string(self.as_of_date),
        )

    def action_open_snapshot(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_rfm.crm_rfm_snapshot_grid_action")
        action["domain"] = [("run_id", "=", self.id)]
        action["context"] = {}
        action["display_name"] = self.display_name
        return action

    def unlink(self):
        # Its snapshot goes with it (crm.run.rows.mixin: no foreign key cascades).
        self.env["crm.rfm.snapshot"]._delete_rows(SQL("run_id = ANY(%s)", self.ids))
        return super().unlink()

    def _summarize_segments(self):
        self.env.cr.execute(SQL(
            "SELECT segment_id, count(*), sum(monetary) FROM crm_rfm_snapshot WHERE run_id = %s GROUP BY segment_id",
            self.id,
        ))
        return {str(segment_id or 0): [count, float(monetary or 0.0)]
                for segment_id, count, monetary in self.env.cr.fetchall()}

    def _segment_sizes(self):
        """{segment id (0: none): (customers, monetary)} of this run, from its summary (or its snapshots, for
        runs older than the summary)."""
        self.ensure_one()
        # The ORM reads a NULL Json column as False, not None. An empty
        # summary (no customer) is recounted too, which costs nothing. The
        # summary holds money (value managers only): read here for the
        # callers, which show the money only to those who may see it.
        summary = self.sudo().segment_summary or self._summarize_segments()
        return {int(segment_id): tuple(values) for segment_id, values in summary.items()}

    @api.model
    def _segment_members_sql(self, run_ids, segments):
        """The customers of ``segments`` in runs, for other addons' reports
        (the scorecard): rows (run_id, partner_id)."""
        return SQL(
            "SELECT run_id, partner_id FROM crm_rfm_snapshot WHERE run_id = ANY(%s) AND segment_id = ANY(%s)",
            list(run_ids), segments.ids,
        )

    @api.model
    def _check_company_has_segments(self, company):
        """Refuse to run without any active segment for ``company``.

        Every customer would then fall in no segment, and the hole check
        would list score cells as if a few were missing, rather than say that
        the whole segment table is empty.
        """
        segments = self.env["crm.rfm.segment"].sudo().search_count(
            [("company_id", "in", [False, company.id])], limit=1
        )
        if not segments:
            raise UserError(self.env._(
                "%(company)s has no active RFM segment, so nothing was recomputed. Create segments or restore "
                "the archived ones (CRM > Configuration > RFM Segments), then recompute.",
                company=company.name,
            ))

    def _purchase_facts_query(self):
        """Last purchase, purchase count and net amount per commercial partner."""
        self.ensure_one()
        return self.env["crm.purchase.facts"]._purchase_facts_sql(
            self.company_id, self.purchase_source, self.date_from, self.as_of_date)

    def _score_sql(self, column, thresholds, higher_is_better=True):
        """Score expression of one metric over crm_rfm_facts.

        Quantiles: score = 1 + floor(bins * (customers strictly below) / N);
        rank() - 1 is exactly the count strictly below, so ties share a score.
        Thresholds: the bucket of the value among the ascending thresholds.
        """
        if self.scoring_method == "quantile":
            return SQL(
                "1 + (%(bins)s * (rank() OVER (ORDER BY %(column)s) - 1)) / count(*) OVER ()",
                bins=self.bins, column=SQL.identifier(column),
            )
        bucket = SQL("width_bucket(%s, %s::numeric[])", SQL.identifier(column), thresholds)
        if higher_is_better:
            return SQL("1 + %s", bucket)
        return SQL("%s - %s", self.bins, bucket)

    def _insert_snapshot(self):
        self.ensure_one()
        company = self.company_id
        if self.scoring_method == "quantile":
            # More recent is better: rank the last purchase dates.
            r_score = self._score_sql("last_purchase_date", None)
        else:
            r_score = self._score_sql("recency_days", company._rfm_thresholds("recency"), higher_is_better=False)
        self.env.cr.execute(SQL(
            """
            INSERT INTO crm_rfm_snapshot (
                run_id, company_id, as_of_date, partner_id, last_purchase_date, recency_days, frequency, monetary,
                r_score, f_score, m_score, rfm_score, segment_id)
            SELECT %(run)s, %(company)s, %(as_of)s, s.partner_id, s.last_purchase_date, s.recency_days, s.frequency,
                   s.monetary, s.r_score, s.f_score, s.m_score, concat(s.r_score, s.f_score, s.m_score), segment.id
              FROM (
                    SELECT f.*, %(r_score)s AS r_score, %(f_score)s AS f_score, %(m_score)s AS m_score
                      FROM (SELECT facts.*, %(as_of)s::date - facts.last_purchase_date AS recency_days
                              FROM crm_rfm_facts facts) f
                   ) s
              LEFT JOIN (
                    -- The segment of each of the bins^3 score cells, looked
                    -- up once per cell instead of once per customer.
                    SELECT r, f, m,
                           (SELECT seg.id
                              FROM crm_rfm_segment seg
                             WHERE seg.active AND (seg.company_id IS NULL OR seg.company_id = %(company)s)
                               AND r BETWEEN seg.r_min AND seg.r_max
                               AND f BETWEEN seg.f_min AND seg.f_max
                               AND m BETWEEN seg.m_min AND seg.m_max
                             ORDER BY seg.sequence, seg.id
                             LIMIT 1) AS id
                      FROM generate_series(1, %(bins)s) AS r, generate_series(1, %(bins)s) AS f,
                           generate_series(1, %(bins)s) AS m
                   ) segment ON segment.r = s.r_score AND segment.f = s.f_score AND segment.m = s.m_score
             -- In the order of the snapshot's (run, partner) and partner
             -- indexes: appended to, rather than inserted at random places.
             ORDER BY s.partner_id
            """,
            run=self.id, company=company.id, as_of=self.as_of_date, bins=self.bins,
            r_score=r_score,
            f_score=self._score_sql("frequency", company._rfm_thresholds("frequency")),
            m_score=self._score_sql("monetary", company._rfm_thresholds("monetary")),
        ))
        scored_count = self.env.cr.rowcount
        self.env["crm.rfm.snapshot"].invalidate_model()
        return scored_count

    def _check_every_customer_has_a_segment(self):
        self.env.cr.execute(SQL(
            """
            SELECT rfm_score, count(*) FROM crm_rfm_snapshot
             WHERE run_id = %s AND segment_id IS NULL
             GROUP BY rfm_score ORDER BY count(*) DESC LIMIT 5
            """,
            self.id,
        ))
        holes = self.env.cr.fetchall()
        if holes:
            # Translated apart: a call nested in another one's arguments is
            # not extracted to the .pot.
            scores = ", ".join(
                self.env._("%(score)s (%(count)s customers)", score=score, count=count) for score, count in holes
            )
            raise UserError(self.env._(
                "Some customers fall in no RFM segment, so nothing was recomputed. Extend the segments "
                "to cover these R-F-M scores: %(scores)s.",
                scores=scores,
            ))

    # ------------------------------------------------------------------
    # Scheduled recompute
    # ------------------------------------------------------------------

    @api.model
    def _run_cron_args(self, company, today):
        return (today,)

    @api.model
    def _run_cron_company(self, company, today):
        run = super()._run_cron_company(company, today)
        company._clv_fit(today)
        self._run_prune(company, today)
        self.env["crm.clv.model"]._prune_scores(company)
        return run

    @api.model
    def _run_cron_xmlid(self):
        return "crm_rfm.ir_cron_rfm_recompute"

    @api.model
    def _run_backfill_args(self, company, day):
        return (day,)

    @api.model
    def _run_prune_keep_days(self, company):
        return company.rfm_history_days
