import logging
import time
from collections import defaultdict
from datetime import date, datetime
from datetime import time as dtime
from itertools import product

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from odoo.addons.crm_satisfaction_survey.lib import satisfaction

from ..lib import scorecard

_logger = logging.getLogger(__name__)

# Namespace of the advisory lock that keeps one scorecard compute per company at a time.
COMPUTE_LOCK = 0x534352  # "SCR"
EVER = date(1900, 1, 1)
# Fields that make a customer's profile complete (phone or mobile counts as one).
PROFILE_SQL = SQL(
    "coalesce(rp.email, '') <> '' AND (coalesce(rp.phone, '') <> '' OR coalesce(rp.mobile, '') <> '')"
    " AND coalesce(rp.street, '') <> '' AND coalesce(rp.city, '') <> '' AND rp.country_id IS NOT NULL"
)


class ResCompany(models.Model):
    _inherit = "res.company"

    scorecard_window_months = fields.Integer(
        "Active customer window (months)", default=12, required=True,
        help="A customer is active at a date when he bought at least once in this many months up to it.",
    )

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

    @api.constrains("scorecard_window_months")
    def _check_scorecard_window(self):
        for company in self:
            if company.scorecard_window_months <= 0:
                raise ValidationError(self.env._("The active customer window must be at least one month."))

    # ------------------------------------------------------------------
    # Public API
    # ------------------------------------------------------------------

    def _scorecard_compute(self, date_from, date_to, period="month"):
        """Compute and store every KPI of this company for every period meeting the range.

        Each step is one SQL statement over the whole company (or one per
        month for the purchase facts), never one per customer. Returns the
        duration in seconds.
        """
        self.ensure_one()
        started = time.perf_counter()
        date_from, date_to = fields.Date.to_date(date_from), fields.Date.to_date(date_to)
        try:
            periods = scorecard.periods(date_from, date_to, period)
        except ValueError as error:
            raise UserError(self.env._("Cannot compute the scorecard: %(error)s", error=error)) from error
        self.env.cr.execute(SQL("SELECT pg_try_advisory_xact_lock(%s, %s)", COMPUTE_LOCK, self.id))
        if not self.env.cr.fetchone()[0]:
            raise UserError(self.env._(
                "The scorecard of %(company)s is already being computed. Try again when it has finished.",
                company=self.name,
            ))
        self._scorecard_check_currency_rates(periods)
        with self.env.cr.savepoint():
            # For this transaction only: the activity spells sort every
            # (customer, month) of the purchases (4M rows at 1M customers),
            # which spilled to disk with less; and JIT compiling these wide
            # statements costs more than it saves (as in the value pyramid).
            self.env.cr.execute(SQL("SET LOCAL work_mem = '256MB'"))
            self.env.cr.execute(SQL("SET LOCAL jit = off"))
            by_team = self._scorecard_builtin_values(periods)
            for values in by_team.values():
                self._scorecard_apply_formulas(periods, values)
            self._scorecard_store(periods, period, by_team)
            self.env.cr.execute(SQL("DROP TABLE crm_scorecard_purchase, crm_scorecard_spell, crm_scorecard_customer"))
        return time.perf_counter() - started

    def _scorecard_check_currency_rates(self, periods):
        """Refuse the periods' sales in a currency without any exchange rate
        (Odoo would count them at 1:1), as the RFM and value recomputes do."""
        self.ensure_one()
        self.env["crm.purchase.facts"]._check_currency_rates(
            self, self.rfm_purchase_source, periods[0][0], periods[-1][1])

    # ------------------------------------------------------------------
    # Built-in KPIs
    # ------------------------------------------------------------------

    def _scorecard_facts_sql(self, date_from, date_to):
        return self.env["crm.purchase.facts"]._purchase_facts_sql(self, self.rfm_purchase_source, date_from, date_to)

    def _scorecard_builtin_values(self, periods):
        """{team id or None: {kpi code: [value or None per period]}} of the built-in KPIs.

        None is the whole company. A customer belongs to the sales team of
        his salesperson; a team's values are those of its customers (and,
        for first response times, of its leads; for campaigns, of its
        salespeople). Customers without a team only count company-wide.
        """
        window = self.scorecard_window_months
        starts = [scorecard.month_index(start) for start, _end in periods]
        ends = [scorecard.month_index(end) for _start, end in periods]
        self._scorecard_load_purchases(min(starts) - window, max(ends), periods[-1][1])
        teams = self.env["crm.team"].with_context(active_test=False).search(
            [("company_id", "in", [self.id, False])]
        )
        by_team = {team_id: defaultdict(lambda: [None] * len(periods)) for team_id in [None, *teams.ids]}
        self._scorecard_customer_counts(periods, starts, ends, by_team)
        self._scorecard_revenue(starts, ends, by_team)
        self._scorecard_satisfaction(periods, by_team)
        self._scorecard_value_pyramid(periods, by_team)
        self._scorecard_rfm(periods, by_team)
        self._scorecard_attention(periods, by_team)
        self._scorecard_campaigns(periods, by_team)
        return by_team

    @staticmethod
    def _scorecard_by_team(rows, by_team):
        """{(period index, team id or None): rest of the row} of a query grouped by team.

        Rows are ``(idx, grouped, team_id, *rest)`` from ``GROUPING SETS
        ((idx, ...), (idx, team, ...))``: ``grouped`` is false on the company
        total, kept under None. Grouped rows of customers without a team (or
        of a team the company does not have) are dropped, so they can never
        be mistaken for the total.
        """
        result = {}
        for idx, grouped, team_id, *rest in rows:
            if not grouped:
                result[idx, None] = rest
            elif team_id is not None and team_id in by_team:
                result[idx, team_id] = rest
        return result

    def _scorecard_load_purchases(self, first_month, last_month, last_day):
        """Temp tables: purchases per customer and month, activity spells, the company's customers.

        A customer is active at the end of month m when he bought in one of
        the ``window`` months up to m. Consecutive purchases less than a
        window apart make one uninterrupted spell of activity, from the first
        purchase month to the last one + window - 1: each KPI is then a count
        of spells meeting a month, whatever the number of purchases.
        """
        window = self.scorecard_window_months
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
                month, self._scorecard_facts_sql(start, start + relativedelta(months=1, days=-1)),
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
            earlier=self._scorecard_facts_sql(EVER, scorecard.month_start(first_month) - relativedelta(days=1)),
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

    @staticmethod
    def _scorecard_period_table(starts, ends):
        return SQL(
            "unnest(%s::int[], %s::int[], %s::int[]) AS p(idx, s, e)",
            list(range(len(starts))), starts, ends,
        )

    def _scorecard_customer_counts(self, periods, starts, ends, by_team):
        """Active, new and churned customers, churn and retention, complete profiles.

        start: active at the end of the month before the period; end: active
        at its last month; new: not active at the start and bought in the
        period (first-time or returning customers). The first spell opening in
        the period tells whether a customer was new: its previous spell is the
        one that could cover the start.

        Each spell is read once, not once per period it meets: the active
        customers of every month are a running sum of +1 where a spell opens
        and -1 after it closes, and a spell can be new only in the one period
        its first month falls in.
        """
        cr = self.env.cr
        cr.execute(SQL(
            """
            SELECT team_id, month, sum(active), sum(complete) FROM (
                SELECT team_id, first_month AS month, 1 AS active, complete::int AS complete
                  FROM crm_scorecard_spell
                 UNION ALL
                SELECT team_id, last_month + 1, -1, -complete::int FROM crm_scorecard_spell
            ) opening_and_closing
             GROUP BY team_id, month
            """
        ))
        deltas = defaultdict(list)
        for team_id, month, active, complete in cr.fetchall():
            for key in {None, team_id if team_id in by_team else None}:
                deltas[key].append((month, active, complete))

        def active_at(key, month):
            """(active customers, of which with a complete profile) at the end of ``month``."""
            return tuple(
                sum(values[index] for values in deltas[key] if values[0] <= month) for index in (1, 2)
            )

        month_periods = [(month, idx, start, end)
                         for idx, (start, end) in enumerate(zip(starts, ends)) for month in range(start, end + 1)]
        cr.execute(SQL(
            """
            SELECT p.idx, grouping(sp.team_id) = 0 AS by_team, sp.team_id,
                   count(*) FILTER (WHERE (sp.previous_first IS NULL OR sp.previous_first < p.s)
                                      AND (sp.previous_last IS NULL OR sp.previous_last < p.s - 1)),
                   count(*) FILTER (WHERE sp.last_month >= p.e
                                      AND NOT EXISTS (
                                          SELECT 1 FROM crm_scorecard_spell earlier
                                           WHERE earlier.partner_id = sp.partner_id
                                             AND earlier.first_month <= p.s - 1 AND earlier.last_month >= p.s - 1))
              FROM unnest(%(months)s::int[], %(idx)s::int[], %(s)s::int[], %(e)s::int[]) AS p(month, idx, s, e)
              JOIN crm_scorecard_spell sp ON sp.first_month = p.month
             GROUP BY GROUPING SETS ((p.idx), (p.idx, sp.team_id))
            """,
            months=[row[0] for row in month_periods], idx=[row[1] for row in month_periods],
            s=[row[2] for row in month_periods], e=[row[3] for row in month_periods],
        ))
        new_counts = self._scorecard_by_team(cr.fetchall(), by_team)
        counts = {}
        for team_id, idx in product(by_team, range(len(periods))):
            at_start = active_at(team_id, starts[idx] - 1)[0]
            at_end, complete = active_at(team_id, ends[idx])
            new, new_still_active = new_counts.get((idx, team_id), (0, 0))
            counts[idx, team_id] = (at_start, at_end, new, new_still_active, complete)
        for (team_id, values), idx in product(by_team.items(), range(len(periods))):
            at_start, at_end, new, new_still_active, complete = counts.get((idx, team_id), (0, 0, 0, 0, 0))
            # Everyone active at the end was active at the start or is new:
            # the churned are the rest of both, new customers who lapsed
            # within the period included.
            churned = at_start + new - at_end
            # The rates are about the customers of the start: retention is
            # (end - new) / start with "new" the new customers still active,
            # churn its complement. Both equal the textbook formulas whenever
            # no new customer lapses within the period (window >= period).
            retained = at_end - new_still_active
            values["active_customers"][idx] = at_end
            values["new_customers"][idx] = new
            values["churned_customers"][idx] = churned
            values["churn_rate"][idx] = scorecard.ratio_pct(at_start - retained, at_start)
            values["retention_rate"][idx] = scorecard.ratio_pct(retained, at_start)
            values["customer_growth"][idx] = scorecard.ratio_pct(at_end - at_start, at_start)
            values["complete_profile_share"][idx] = scorecard.ratio_pct(complete, at_end)

    def _scorecard_revenue(self, starts, ends, by_team):
        # Summed per month and team first: the periods then meet a few
        # hundred rows instead of every purchase.
        self.env.cr.execute(SQL(
            """
            SELECT p.idx, grouping(x.team_id) = 0, x.team_id, sum(x.monetary)
              FROM %(periods)s JOIN (
                    SELECT pu.month, c.team_id, sum(pu.monetary) AS monetary
                      FROM crm_scorecard_purchase pu JOIN crm_scorecard_customer c ON c.partner_id = pu.partner_id
                     GROUP BY pu.month, c.team_id
                   ) x ON x.month BETWEEN p.s AND p.e
             GROUP BY GROUPING SETS ((p.idx), (p.idx, x.team_id))
            """,
            periods=self._scorecard_period_table(starts, ends),
        ))
        revenue = self._scorecard_by_team(self.env.cr.fetchall(), by_team)
        for (team_id, values), idx in product(by_team.items(), range(len(starts))):
            values["net_revenue"][idx] = float(revenue.get((idx, team_id), [0.0])[0] or 0.0)

    def _scorecard_day_periods(self, periods):
        return SQL(
            "unnest(%s::int[], %s::date[], %s::date[]) AS p(idx, date_from, date_to)",
            list(range(len(periods))), [start for start, _e in periods], [end for _s, end in periods],
        )

    def _scorecard_satisfaction(self, periods, by_team):
        """NPS, CSAT, CES of answers completed in the period, response rate, detractor follow-up."""
        cr = self.env.cr
        # Answers of the company's customers: c is the customer (commercial
        # partner) who answered, whoever of his contacts filled the survey in.
        # Only this company's answers count (the satisfaction rules' owner):
        # a customer shared with another company answers its campaigns too.
        answers = SQL(
            """
              JOIN res_partner rp ON rp.id = ui.partner_id
              JOIN crm_scorecard_customer c ON c.partner_id = rp.commercial_partner_id
              JOIN res_partner customer ON customer.id = rp.commercial_partner_id AND %s
            """,
            satisfaction.answer_in_company_sql("ui", "customer", self.id),
        )
        cr.execute(SQL(
            """
            SELECT p.idx, grouping(c.team_id) = 0, c.team_id, q.satisfaction_metric, l.value_scale, count(*)
              FROM %(periods)s
              JOIN survey_user_input ui ON ui.end_datetime >= p.date_from AND ui.end_datetime < p.date_to + 1
              %(answers)s
              JOIN survey_user_input_line l ON l.user_input_id = ui.id
              JOIN survey_question q ON q.id = l.question_id
             WHERE %(scored)s
             GROUP BY GROUPING SETS ((p.idx, q.satisfaction_metric, l.value_scale),
                                    (p.idx, c.team_id, q.satisfaction_metric, l.value_scale))
            """,
            periods=self._scorecard_day_periods(periods), answers=answers,
            scored=satisfaction.scored_line_sql("ui", "l", "q"),
        ))
        scores = defaultdict(list)
        for idx, grouped, team_id, metric, score, count in cr.fetchall():
            for key, _rest in self._scorecard_by_team([(idx, grouped, team_id)], by_team).items():
                scores[key, metric].extend([score] * count)
        cr.execute(SQL(
            """
            SELECT p.idx, grouping(c.team_id) = 0, c.team_id, count(*), count(*) FILTER (WHERE ui.state = 'done')
              FROM %(periods)s
              JOIN survey_user_input ui ON ui.create_date >= p.date_from AND ui.create_date < p.date_to + 1
              %(answers)s
             WHERE %(invitation)s
             GROUP BY GROUPING SETS ((p.idx), (p.idx, c.team_id))
            """,
            periods=self._scorecard_day_periods(periods), answers=answers,
            invitation=satisfaction.invitation_sql("ui"),
        ))
        invitations = self._scorecard_by_team(cr.fetchall(), by_team)
        # A detractor is followed up when an activity on the customer was
        # marked done (Odoo then posts a message carrying the activity type)
        # within two days of his answer.
        cr.execute(SQL(
            """
            SELECT p.idx, grouping(c.team_id) = 0, c.team_id, count(DISTINCT ui.id),
                   count(DISTINCT ui.id) FILTER (WHERE EXISTS (
                       SELECT 1 FROM mail_message m
                        WHERE m.model = 'res.partner' AND m.res_id = rp.commercial_partner_id
                          AND m.mail_activity_type_id IS NOT NULL
                          AND m.date >= ui.end_datetime AND m.date <= ui.end_datetime + interval '2 days'))
              FROM %(periods)s
              JOIN survey_user_input ui ON ui.end_datetime >= p.date_from AND ui.end_datetime < p.date_to + 1
              %(answers)s
              JOIN survey_user_input_line l ON l.user_input_id = ui.id
              JOIN survey_question q ON q.id = l.question_id
             WHERE %(scored)s AND q.satisfaction_metric = 'nps' AND %(detractor)s
             GROUP BY GROUPING SETS ((p.idx), (p.idx, c.team_id))
            """,
            periods=self._scorecard_day_periods(periods), answers=answers,
            scored=satisfaction.scored_line_sql("ui", "l", "q"),
            detractor=satisfaction.is_unhappy_sql(SQL("q.satisfaction_metric"), SQL("l.value_scale")),
        ))
        followed = self._scorecard_by_team(cr.fetchall(), by_team)
        for (team_id, values), idx in product(by_team.items(), range(len(periods))):
            key = idx, team_id
            values["nps"][idx] = satisfaction.nps(scores[key, "nps"])
            values["csat"][idx] = satisfaction.csat(scores[key, "csat"])
            values["ces"][idx] = satisfaction.ces(scores[key, "ces"])[0]
            values["survey_response_rate"][idx] = satisfaction.response_rate(*invitations.get(key, (0, 0)))
            detractors, followed_up = followed.get(key, (0, 0))
            values["detractors_followed_up"][idx] = scorecard.ratio_pct(followed_up, detractors)

    def _scorecard_value_pyramid(self, periods, by_team):
        """From the latest value-pyramid run ending in each period; a team's share from its customers' lines."""
        cr = self.env.cr
        cr.execute(SQL(
            """
            SELECT DISTINCT ON (p.idx) p.idx, r.id
              FROM %(periods)s
              JOIN crm_value_run r ON r.company_id = %(company)s AND r.date_to BETWEEN p.date_from AND p.date_to
             ORDER BY p.idx, r.date_to DESC, r.id DESC
            """,
            periods=self._scorecard_day_periods(periods), company=self.id,
        ))
        run_periods = defaultdict(list)
        for idx, run_id in cr.fetchall():
            run_periods[run_id].append(idx)
        if not run_periods:
            return
        cr.execute(SQL(
            """
            SELECT l.run_id, grouping(line_team.team_id) = 0, line_team.team_id,
                   sum(l.revenue) FILTER (WHERE l.level IN ('top', 'big')), sum(l.revenue),
                   sum(l.profit), sum(l.cost_to_serve)
              FROM crm_value_line l
              LEFT JOIN crm_scorecard_customer c ON c.partner_id = l.partner_id
              -- Customers' teams are known; only prospects (never bought) are looked up.
              CROSS JOIN LATERAL (
                    SELECT CASE WHEN c.partner_id IS NOT NULL THEN c.team_id
                                ELSE (SELECT salesperson.sale_team_id FROM res_partner rp
                                        JOIN res_users salesperson ON salesperson.id = rp.user_id
                                       WHERE rp.id = l.partner_id) END AS team_id
                   ) line_team
             WHERE l.run_id = ANY(%(runs)s)
             GROUP BY GROUPING SETS ((l.run_id), (l.run_id, line_team.team_id))
            """,
            runs=list(run_periods),
        ))
        for (run_id, team_id), (top_big, revenue, profit, cost_to_serve) in self._scorecard_by_team(
                cr.fetchall(), by_team).items():
            for idx in run_periods[run_id]:
                values = by_team[team_id]
                values["top_big_revenue_share"][idx] = scorecard.ratio_pct(
                    float(top_big or 0.0), float(revenue or 0.0))
                values["profit_after_cost_to_serve"][idx] = float(profit or 0.0)
                values["cost_to_serve_pct"][idx] = scorecard.ratio_pct(
                    float(cost_to_serve or 0.0), float(revenue or 0.0))

    def _scorecard_rfm(self, periods, by_team):
        cr = self.env.cr
        at_risk = self.env.ref("crm_rfm.segment_at_risk", raise_if_not_found=False)
        cr.execute(SQL(
            """
            WITH latest AS (
                SELECT DISTINCT ON (p.idx) p.idx, r.id AS run_id
                  FROM %(periods)s
                  JOIN crm_rfm_run r ON r.company_id = %(company)s AND r.as_of_date BETWEEN p.date_from AND p.date_to
                 ORDER BY p.idx, r.as_of_date DESC, r.id DESC
            )
            SELECT latest.idx, grouping(c.team_id) = 0, c.team_id, count(s.id)
              FROM latest
              LEFT JOIN crm_rfm_snapshot s ON s.run_id = latest.run_id AND s.segment_id = %(at_risk)s
              LEFT JOIN crm_scorecard_customer c ON c.partner_id = s.partner_id
             GROUP BY GROUPING SETS ((latest.idx), (latest.idx, c.team_id))
            """,
            periods=self._scorecard_day_periods(periods), company=self.id, at_risk=at_risk.id if at_risk else None,
        ))
        runs = self._scorecard_by_team(cr.fetchall(), by_team)
        for (team_id, values), idx in product(by_team.items(), range(len(periods))):
            if (idx, None) in runs:  # a run in the period: a team without at-risk customers has 0
                values["at_risk_customers"][idx] = runs.get((idx, team_id), [0])[0]
        # The CLV is only kept as the current value of each customer: it
        # describes the period that contains today, and no past one.
        today = fields.Date.context_today(self)
        current = [idx for idx, (start, end) in enumerate(periods) if start <= today <= end]
        if current:
            cr.execute(SQL(
                """
                SELECT 0, grouping(c.team_id) = 0, c.team_id, avg(score.value)
                  FROM crm_clv_score score JOIN crm_scorecard_customer c ON c.partner_id = score.partner_id
                 WHERE score.model_id = %(model)s
                 GROUP BY GROUPING SETS ((), (c.team_id))
                """,
                model=self.clv_current_model_id.id or None,
            ))
            for (_zero, team_id), (average,) in self._scorecard_by_team(cr.fetchall(), by_team).items():
                if average is not None:
                    by_team[team_id]["average_clv"][current[0]] = float(average)

    def _scorecard_attention(self, periods, by_team):
        cr = self.env.cr
        comment = self.env.ref("mail.mt_comment")
        # First response: the first message sent (not a note) on the lead by
        # an internal user after its creation; unanswered leads do not count.
        # A lead belongs to its own sales team.
        cr.execute(SQL(
            """
            SELECT p.idx, grouping(lead.team_id) = 0, lead.team_id, percentile_cont(0.5) WITHIN GROUP (
                       ORDER BY extract(epoch FROM first_reply.date - lead.create_date) / 3600.0)
              FROM %(periods)s
              JOIN crm_lead lead ON lead.company_id = %(company)s
               AND lead.create_date >= p.date_from AND lead.create_date < p.date_to + 1
              JOIN LATERAL (
                    SELECT min(m.date) AS date FROM mail_message m
                      JOIN res_users u ON u.partner_id = m.author_id AND NOT u.share
                     WHERE m.model = 'crm.lead' AND m.res_id = lead.id AND m.subtype_id = %(comment)s
                       AND m.message_type IN ('comment', 'email') AND m.date >= lead.create_date
                   ) first_reply ON first_reply.date IS NOT NULL
             GROUP BY GROUPING SETS ((p.idx), (p.idx, lead.team_id))
            """,
            periods=self._scorecard_day_periods(periods), company=self.id, comment=comment.id,
        ))
        for (idx, team_id), (hours,) in self._scorecard_by_team(cr.fetchall(), by_team).items():
            by_team[team_id]["first_response_hours"][idx] = float(hours)
        # Done activities leave no open record behind: this counts the
        # activities still open today that were already overdue at the end of
        # the period (exact for the current period, a lower bound before).
        today = fields.Date.context_today(self)
        cr.execute(SQL(
            """
            SELECT p.idx, grouping(c.team_id) = 0, c.team_id, count(a.id)
              FROM %(periods)s
              LEFT JOIN (mail_activity a JOIN crm_scorecard_customer c ON c.partner_id = a.res_id)
                ON a.res_model = 'res.partner' AND a.date_deadline < least(p.date_to, %(today)s::date)
             WHERE p.date_from <= %(today)s
             GROUP BY GROUPING SETS ((p.idx), (p.idx, c.team_id))
            """,
            periods=self._scorecard_day_periods(periods), today=today,
        ))
        overdue = self._scorecard_by_team(cr.fetchall(), by_team)
        for (team_id, values), idx in product(by_team.items(), range(len(periods))):
            if (idx, None) in overdue:  # a period already begun: a team without overdue activities has 0
                values["overdue_activities"][idx] = overdue.get((idx, team_id), [0])[0]

    def _scorecard_campaigns(self, periods, by_team):
        """Share of the salespeople (of the company, of each team) owning a satisfaction campaign sent in the period."""
        Campaign = self.env["crm.satisfaction.campaign"]
        salespeople = self.env["res.users"].sudo().search([
            ("share", "=", False), ("company_ids", "in", self.id),
            ("groups_id", "in", self.env.ref("sales_team.group_sale_salesman").id),
        ])
        members = {None: salespeople}
        for team_id in by_team:
            if team_id:
                members[team_id] = salespeople.filtered(lambda user, team_id=team_id: user.sale_team_id.id == team_id)
        for idx, (start, end) in enumerate(periods):
            # send_date is when a sent campaign went out; drafts and scheduled
            # ones were not run in the period.
            domain = [("company_id", "=", self.id), ("user_id", "in", salespeople.ids), ("state", "=", "sent"),
                      ("send_date", ">=", datetime.combine(start, dtime.min)),
                      ("send_date", "<", datetime.combine(end + relativedelta(days=1), dtime.min))]
            with_campaign = {user.id for (user,) in Campaign.sudo()._read_group(domain, ["user_id"])}
            for team_id, users in members.items():
                by_team[team_id]["salespeople_with_campaign"][idx] = scorecard.ratio_pct(
                    len(with_campaign.intersection(users.ids)), len(users))

    # ------------------------------------------------------------------
    # Formulas, targets and storage
    # ------------------------------------------------------------------

    def _scorecard_apply_formulas(self, periods, values):
        kpis = self.env["crm.scorecard.kpi"].search([("formula_type", "=", "formula")])
        formulas = {kpi.code: kpi.formula for kpi in kpis}
        for code in scorecard.formula_order(formulas):
            for idx in range(len(periods)):
                known = {name: series[idx] for name, series in values.items()}
                values[code][idx] = scorecard.evaluate(formulas[code], known)

    def _scorecard_store(self, periods, period_type, by_team):
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
            company=self.id, period_type=period_type, uid=self.env.uid,
            kpi_ids=[r[0] for r in rows], team_ids=[r[1] for r in rows], starts=[r[2] for r in rows],
            ends=[r[3] for r in rows], actuals=[r[4] for r in rows],
        ))
        stored = Value.browse([row[0] for row in self.env.cr.fetchall()])
        Value.invalidate_model()
        stored._refresh_status()
        return stored

    # ------------------------------------------------------------------
    # Helpers of the drill-down and the dashboard
    # ------------------------------------------------------------------

    def _scorecard_active_partner_ids(self, day, window_months, date_from=None):
        """Customers who bought in the ``window_months`` months up to ``day`` (or since ``date_from``)."""
        self.ensure_one()
        if date_from is None:
            date_from = day + relativedelta(days=1) - relativedelta(months=window_months)
        rows = self.env.execute_query(SQL("SELECT f.partner_id FROM (%s) f", self._scorecard_facts_sql(date_from, day)))
        return {partner_id for (partner_id,) in rows}

    def _scorecard_customer_ids(self, day):
        return self._scorecard_active_partner_ids(day, None, date_from=EVER)

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
            company._scorecard_cron_company(today)
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
