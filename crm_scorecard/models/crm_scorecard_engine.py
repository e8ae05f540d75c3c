import time
from collections import defaultdict
from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..lib import scorecard

# Namespace of the advisory lock that keeps one scorecard compute per company at a time.
COMPUTE_LOCK = 0x534352  # "SCR"
EVER = date(1900, 1, 1)
# Fields that make a customer's profile complete (phone or mobile counts as one).
PROFILE_SQL = SQL(
    "coalesce(rp.email, '') <> '' AND (coalesce(rp.phone, '') <> '' OR coalesce(rp.mobile, '') <> '')"
    " AND coalesce(rp.street, '') <> '' AND coalesce(rp.city, '') <> '' AND rp.country_id IS NOT NULL"
)


class CrmScorecardEngine(models.AbstractModel):
    """Computes and stores the scorecard of a company: the purchases and
    activity spells every provider reads, the providers of the built-in
    KPIs, the formulas, the stored values.

    What to compute is configuration (crm.scorecard.kpi records); how each
    built-in KPI is computed belongs to its provider (crm.scorecard.provider).
    """

    _name = "crm.scorecard.engine"
    _inherit = ["crm.run.mixin"]
    _description = "Customer scorecard"
    _run_lock_namespace = COMPUTE_LOCK
    # The activity spells sort every (customer, month) of the purchases (4M
    # rows at 1M customers), which spilled to disk with less; and JIT
    # compiling these wide statements costs more than it saves (as in the
    # value pyramid).
    _run_session_settings = {"work_mem": "256MB", "jit": "off"}
    _run_failed_date_field = "scorecard_failed_date"
    _run_error_field = "scorecard_error"

    def _compute(self, company, date_from, date_to, period="month"):
        """Compute and store every KPI of this company for every period meeting the range.

        Each step is one SQL statement over the whole company (or one per
        month for the purchase facts), never one per customer. Returns the
        duration in seconds.
        """
        started = time.perf_counter()
        self._run_company(company, date_from, date_to, period)
        return time.perf_counter() - started

    @api.model
    def _run_prepare(self, company, date_from, date_to, period="month"):
        date_from, date_to = fields.Date.to_date(date_from), fields.Date.to_date(date_to)
        try:
            periods = scorecard.periods(date_from, date_to, period)
        except ValueError as error:
            raise UserError(self.env._("Cannot compute the scorecard: %(error)s", error=error)) from error
        self._check_currency_rates(company, periods)
        return {"periods": periods, "period": period}

    @api.model
    def _run_steps(self, company, params):
        periods = params["periods"]
        by_team = self._builtin_values(company, periods)
        for values in by_team.values():
            self._apply_formulas(periods, values)
        self._store(company, periods, params["period"], by_team)
        self.env.cr.execute(SQL("DROP TABLE crm_scorecard_purchase, crm_scorecard_spell, crm_scorecard_customer"))

    @api.model
    def _run_busy_message(self, company):
        return self.env._(
            "The scorecard of %(company)s is already being computed. Try again when it has finished.",
            company=company.name,
        )

    # ------------------------------------------------------------------
    # Scheduler (crm.run.mixin): a range asked for from the recompute
    # wizard, then the last closed and the current month.
    # ------------------------------------------------------------------

    @api.model
    def _run_cron_due_domain(self, today):
        """A range asked for, or not computed today; not those that already failed today."""
        return [
            "|", "|",
            ("scorecard_request_date_from", "!=", False),
            ("scorecard_computed_date", "=", False),
            ("scorecard_computed_date", "<", today),
            "|", ("scorecard_failed_date", "=", False), ("scorecard_failed_date", "<", today),
        ]

    @api.model
    def _run_cron_args(self, company, today):
        last_closed = today.replace(day=1) - relativedelta(months=1)
        return (last_closed, today, "month")

    @api.model
    def _run_cron_company(self, company, today):
        if company.scorecard_request_date_from and company.scorecard_request_date_to:
            self._run_company(
                company, company.scorecard_request_date_from, company.scorecard_request_date_to,
                company.scorecard_request_period or "month",
            )
            company.sudo().write({"scorecard_request_date_from": False, "scorecard_request_date_to": False})
        return super()._run_cron_company(company, today)

    @api.model
    def _run_cron_done(self, company, today):
        company.sudo().write({"scorecard_computed_date": today, "scorecard_failed_date": False,
                              "scorecard_error": False})

    @api.model
    def _run_request(self, companies, args=None):
        values = {"scorecard_failed_date": False}
        if args:
            date_from, date_to, period = args
            values.update(scorecard_request_date_from=date_from, scorecard_request_date_to=date_to,
                          scorecard_request_period=period)
        companies.write(values)

    @api.model
    def _run_cron_xmlid(self):
        return "crm_scorecard.ir_cron_scorecard_compute"

    def _check_currency_rates(self, company, periods):
        """Refuse the periods' sales in a currency without any exchange rate
        (Odoo would count them at 1:1), as the RFM and value recomputes do."""
        self.env["crm.purchase.facts"]._check_currency_rates(
            company, company.customer_purchase_source, periods[0][0], periods[-1][1])

    def _facts_sql(self, company, date_from, date_to):
        """The company's purchase facts (crm_customer_value_base) between two dates."""
        return self.env["crm.purchase.facts"]._purchase_facts_sql(
            company, company.customer_purchase_source, date_from, date_to)

    def _builtin_values(self, company, periods):
        """{team id or None: {kpi code: [value or None per period]}} of the built-in KPIs, from their providers.

        None is the whole company. A customer belongs to the sales team of
        his salesperson; a team's values are those of its customers (and,
        for first response times, of its leads; for campaigns, of its
        salespeople). Customers without a team only count company-wide.
        """
        Provider = self.env["crm.scorecard.provider"]
        kpis = self.env["crm.scorecard.kpi"].search([("formula_type", "=", "builtin")])
        Provider._check_provided(kpis)
        window = company.customer_active_months
        starts = [scorecard.month_index(start) for start, _end in periods]
        ends = [scorecard.month_index(end) for _start, end in periods]
        self._load_purchases(company, min(starts) - window, max(ends))
        teams = self.env["crm.team"].with_context(active_test=False).search(
            [("company_id", "in", [company.id, False])]
        )
        by_team = {team_id: defaultdict(lambda: [None] * len(periods)) for team_id in [None, *teams.ids]}
        providers = Provider._providers()
        for provider in dict.fromkeys(providers[kpi.code] for kpi in kpis).keys():
            provider._provider_compute(company, periods, by_team)
        return by_team

    def _load_purchases(self, company, first_month, last_month):
        """Temp tables: purchases per customer and month, activity spells, the company's customers.

        A customer is active at the end of month m when he bought in one of
        the ``window`` months up to m. Consecutive purchases less than a
        window apart make one uninterrupted spell of activity, from the first
        purchase month to the last one + window - 1: each KPI is then a count
        of spells meeting a month, whatever the number of purchases.
        """
        window = company.customer_active_months
        cr = self.env.cr
        cr.execute(SQL(
            "CREATE TEMP TABLE crm_scorecard_purchase (partner_id int, month int, monetary numeric) ON COMMIT DROP"
        ))
        # One facts query per month: each reads one month of documents by
        # their date index, and groups little enough to stay in memory (one
        # query over the range spilled its hash aggregate to disk at 1M).
        for month in range(first_month, last_month + 1):
            start = scorecard.month_start(month)
            cr.execute(SQL(
                "INSERT INTO crm_scorecard_purchase SELECT f.partner_id, %s, f.monetary FROM (%s) f",
                month, self._facts_sql(company, start, start + relativedelta(months=1, days=-1)),
            ))
        # The company's customers (who bought from it at least once) and
        # their team. Survey answers and activities count for the company
        # through them, as surveys and partners are shared between companies.
        # Those who bought in the months just loaded are known already: only
        # the documents before them are read again.
        cr.execute(SQL(
            """
            CREATE TEMP TABLE crm_scorecard_customer ON COMMIT DROP AS
            SELECT customer.partner_id, salesperson.sale_team_id AS team_id, %(complete)s AS complete
              FROM (SELECT partner_id FROM crm_scorecard_purchase
                     UNION
                    SELECT f.partner_id FROM (%(earlier)s) f) customer
              JOIN res_partner rp ON rp.id = customer.partner_id
              LEFT JOIN res_users salesperson ON salesperson.id = rp.user_id
            """,
            earlier=self._facts_sql(company, EVER, scorecard.month_start(first_month) - relativedelta(days=1)),
            complete=PROFILE_SQL,
        ))
        cr.execute(SQL("CREATE UNIQUE INDEX ON crm_scorecard_customer (partner_id)"))
        cr.execute(SQL(
            """
            CREATE TEMP TABLE crm_scorecard_spell ON COMMIT DROP AS
            WITH marked AS (
                SELECT partner_id, month,
                       CASE WHEN month - lag(month) OVER (PARTITION BY partner_id ORDER BY month) <= %(window)s
                            THEN 0 ELSE 1 END AS opens
                  FROM crm_scorecard_purchase
            ), numbered AS (
                SELECT partner_id, month, sum(opens) OVER (PARTITION BY partner_id ORDER BY month) AS spell
                  FROM marked
            ), spells AS (
                SELECT partner_id, min(month) AS first_month, max(month) + %(window)s - 1 AS last_month
                  FROM numbered GROUP BY partner_id, spell
            )
            SELECT s.partner_id, s.first_month, s.last_month,
                   lag(s.first_month) OVER w AS previous_first, lag(s.last_month) OVER w AS previous_last,
                   c.complete, c.team_id
              FROM spells s JOIN crm_scorecard_customer c ON c.partner_id = s.partner_id
            WINDOW w AS (PARTITION BY s.partner_id ORDER BY s.first_month)
            """,
            window=window,
        ))
        cr.execute(SQL("CREATE INDEX ON crm_scorecard_spell (partner_id)"))
        cr.execute(SQL("ANALYZE crm_scorecard_purchase, crm_scorecard_spell, crm_scorecard_customer"))

    def _apply_formulas(self, periods, values):
        kpis = self.env["crm.scorecard.kpi"].search([("formula_type", "=", "formula")])
        formulas = {kpi.code: kpi.formula for kpi in kpis}
        for code in scorecard.formula_order(formulas):
            for idx in range(len(periods)):
                known = {name: series[idx] for name, series in values.items()}
                values[code][idx] = scorecard.evaluate(formulas[code], known)

    def _store(self, company, periods, period_type, by_team):
        Value = self.env["crm.scorecard.value"]
        kpis = self.env["crm.scorecard.kpi"].search([])  # pylint: disable=no-search-all  # a catalogue of a few dozen rows
        rows = []
        for team_id, values in by_team.items():
            for kpi in kpis:
                if team_id and kpi.code not in values:
                    continue  # a company-wide KPI: no value per team
                series = values.get(kpi.code, [None] * len(periods))
                for idx, (start, end) in enumerate(periods):
                    rows.append((kpi.id, team_id, start, end, series[idx]))
        self.env.cr.execute(SQL(
            """
            INSERT INTO crm_scorecard_value AS v (
                kpi_id, perspective, company_id, team_id, period_type, period_start, period_end,
                actual, has_actual, target, has_target, status,
                create_uid, create_date, write_uid, write_date)
            SELECT r.kpi_id, k.perspective, %(company)s, r.team_id, %(period_type)s, r.period_start, r.period_end,
                   coalesce(r.actual, 0), r.actual IS NOT NULL, 0, false, 'none',
                   %(uid)s, now() AT TIME ZONE 'UTC', %(uid)s, now() AT TIME ZONE 'UTC'
              FROM unnest(%(kpi_ids)s::int[], %(team_ids)s::int[], %(starts)s::date[], %(ends)s::date[],
                          %(actuals)s::float8[])
                   AS r(kpi_id, team_id, period_start, period_end, actual)
              JOIN crm_scorecard_kpi k ON k.id = r.kpi_id
            ON CONFLICT (kpi_id, company_id, team_id, period_type, period_start)
            DO UPDATE SET actual = EXCLUDED.actual, has_actual = EXCLUDED.has_actual, period_end = EXCLUDED.period_end,
                          write_uid = EXCLUDED.write_uid, write_date = EXCLUDED.write_date
            RETURNING v.id
            """,
            company=company.id, period_type=period_type, uid=self.env.uid,
            kpi_ids=[r[0] for r in rows], team_ids=[r[1] for r in rows], starts=[r[2] for r in rows],
            ends=[r[3] for r in rows], actuals=[r[4] for r in rows],
        ))
        stored = Value.browse([row[0] for row in self.env.cr.fetchall()])
        Value.invalidate_model()
        stored._refresh_status()
        return stored

