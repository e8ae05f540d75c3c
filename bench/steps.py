"""The recompute steps the benchmark times, registered by the addons' issues.

A step names:
- ``run(env)``: our implementation, called in a fresh Odoo process on the
  benchmark database (its peak memory is that process's);
- ``lower_bound(cr)``: executes, on a plain psycopg2 cursor, one statement
  computing the same result into a temporary table: the fastest PostgreSQL
  can do it, timed in the same benchmark run;
- ``naive(env)`` (optional): the obvious ORM loop per customer, timed only on
  small databases to show what the set-based code saves;
- ``prepare(env)`` (optional): puts the database in the state the step starts
  from (committed, untimed, in its own process), e.g. yesterday's run for the
  daily recompute.
"""

import functools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta
from psycopg2.extensions import AsIs

MAIN_COMPANY_ID = 1


@functools.cache
def production_sql(database, model, name, *args, run_period=None):
    """The SQL text the addons' own builder ``<model>.<name>`` gives for the
    main company, rendered for a plain cursor.

    Without ``run_period`` the builder takes the company first
    (``crm.purchase.facts._purchase_facts_sql(company, ...)``); with it, the
    builder is a method of an unsaved run of the main company over that
    (date_from, date_to) (``crm.value.run._sales_query()``).

    A bound that computes what production computes calls the production
    builder rather than a copy of its SQL. Built once per benchmark run, in
    the bound's untimed warm-up call (the Odoo registry is loaded then).
    """
    from datagen.odoo_env import odoo_environment

    with odoo_environment(database, ["--log-level=warn"]) as env:
        company = env["res.company"].browse(MAIN_COMPANY_ID)
        if run_period:
            run = env[model].new({"company_id": company.id, "date_from": run_period[0], "date_to": run_period[1]})
            sql = getattr(run, name)(*args)
        else:
            sql = getattr(env[model], name)(company, *args)
        return env.cr.mogrify(sql.code, sql.params).decode()


class _RecordingCursor:
    """A psycopg2 cursor that keeps each statement as PostgreSQL receives it."""

    def __init__(self, cursor, statements):
        self._cursor = cursor
        self._statements = statements

    def execute(self, query, params=None):
        self._statements.append(self._cursor.mogrify(query, params).decode())
        return self._cursor.execute(query, params)

    def __getattr__(self, name):
        return getattr(self._cursor, name)


@functools.cache
def production_statements(database, run):
    """Every statement ``run(env)`` sends to PostgreSQL, in order, recorded
    in a transaction rolled back at once.

    Replayed on a plain cursor, they compute exactly what the step computes,
    every result included, with nothing of Odoo around them: a bound for a
    step whose results no single statement gives (the scorecard's KPIs).
    Recorded once per benchmark run, in the bound's untimed warm-up call.
    """
    from datagen.odoo_env import odoo_environment

    statements = []
    with odoo_environment(database, ["--log-level=warn"]) as env:
        env.cr._obj = _RecordingCursor(env.cr._obj, statements)
        try:
            run(env)
            env.flush_all()
        finally:
            env.cr._obj = env.cr._obj._cursor
            env.cr.rollback()
    return tuple(statements)


@dataclass(frozen=True)
class Step:
    name: str
    addon: str
    run: Callable
    lower_bound: Callable
    naive: Callable | None = None
    prepare: Callable | None = None


def _rfm_window():
    as_of = date.today()
    return as_of - relativedelta(months=24) + relativedelta(days=1), as_of


def _rfm_recompute(env):
    env["res.company"].browse(MAIN_COMPANY_ID)._rfm_recompute()


def _rfm_forget_results(env):
    """No current run: the first run ever (no previous segments to carry)."""
    env.cr.execute("UPDATE res_company SET rfm_current_run_id = NULL WHERE id = %s", [MAIN_COMPANY_ID])


def _rfm_yesterdays_run(env):
    """The state the nightly cron finds: the run of the day before is current."""
    company = env["res.company"].browse(MAIN_COMPANY_ID)
    yesterday = date.today() - relativedelta(days=1)
    if company.rfm_current_run_id.as_of_date != yesterday:
        company._rfm_recompute(as_of=yesterday)


def _rfm_lower_bound(cr):
    """Facts and the three quantile scores of every customer, in one statement
    (the facts by crm.purchase.facts, as the recompute reads them)."""
    date_from, as_of = _rfm_window()
    facts = production_sql(
        cr.connection.info.dbname, "crm.purchase.facts", "_purchase_facts_sql", "invoice", date_from, as_of)
    cr.execute("SET LOCAL work_mem = '128MB'")  # the recompute's own setting: both sort in memory
    cr.execute(
        f"""
        CREATE TEMP TABLE bench_lower_bound AS
        SELECT partner_id, last_purchase_date, frequency, monetary,
               1 + (5 * (rank() OVER (ORDER BY last_purchase_date) - 1)) / count(*) OVER () AS r_score,
               1 + (5 * (rank() OVER (ORDER BY frequency) - 1)) / count(*) OVER () AS f_score,
               1 + (5 * (rank() OVER (ORDER BY monetary) - 1)) / count(*) OVER () AS m_score
          FROM ({facts}) facts
        """  # noqa: S608  # the production builder's own SQL
    )


def _rfm_naive(env):
    """Per customer: search its invoices through the ORM and add them up."""
    date_from, as_of = _rfm_window()
    moves = env["account.move"]
    facts = {}
    customers = env["res.partner"].search([("customer_rank", ">", 0), ("parent_id", "=", False)])
    for customer in customers:
        invoices = moves.search([
            ("commercial_partner_id", "=", customer.id), ("company_id", "=", MAIN_COMPANY_ID),
            ("state", "=", "posted"), ("move_type", "in", ("out_invoice", "out_refund")),
            ("invoice_date", ">=", date_from), ("invoice_date", "<=", as_of),
        ])
        purchases = invoices.filtered(lambda m: m.move_type == "out_invoice")
        if purchases:
            facts[customer.id] = (
                max(purchases.mapped("invoice_date")), len(purchases), sum(invoices.mapped("amount_untaxed_signed"))
            )
    return facts


def _clv_fit(env):
    env["res.company"].browse(MAIN_COMPANY_ID)._clv_fit()


def _clv_lower_bound(cr):
    """The per-customer summary the fit starts from (crm.clv.model's own
    builder), in one statement; the fit and the scoring are numpy's."""
    summary = production_sql(
        cr.connection.info.dbname, "crm.clv.model", "_purchase_summary_sql", date.today(), 7.0)
    cr.execute(f"CREATE TEMP TABLE bench_lower_bound AS {summary}")  # noqa: S608  # the production builder's SQL


STEPS = [
    Step(
        name="RFM recompute, first run",
        addon="crm_rfm",
        run=_rfm_recompute,
        lower_bound=_rfm_lower_bound,
        naive=_rfm_naive,
        prepare=_rfm_forget_results,
    ),
    Step(
        name="RFM recompute, daily (after yesterday's)",
        addon="crm_rfm",
        run=_rfm_recompute,
        lower_bound=_rfm_lower_bound,
        prepare=_rfm_yesterdays_run,
    ),
    Step(
        name="CLV fit and scoring (main company)",
        addon="crm_rfm",
        run=_clv_fit,
        lower_bound=_clv_lower_bound,
    ),
]


# -- crm_value_pyramid ------------------------------------------------------

VALUE_DRIVERS = [
    {"name": "Order processing", "source": "sale_order", "rate_method": "pool", "pool_amount": 200000},
    {"name": "Order lines", "source": "order_line", "rate_method": "entered", "rate": 1.5},
    {"name": "Invoicing", "source": "invoice", "rate_method": "entered", "rate": 4},
    {"name": "Credit notes", "source": "credit_note", "rate_method": "pool", "pool_amount": 30000},
    {"name": "Opportunities", "source": "lead", "rate_method": "entered", "rate": 60},
]


def _value_period(today=None):
    today = today or date.today()
    return today - relativedelta(months=12) + relativedelta(days=1), today


def _value_prepare(env):
    """Five cost drivers and spread fixed costs in the main company."""
    company = env["res.company"].browse(MAIN_COMPANY_ID)
    drivers = env["crm.cost.driver"].with_company(company)
    if not drivers.search_count([("company_id", "=", company.id)]):
        drivers.create([{**values, "company_id": company.id} for values in VALUE_DRIVERS])
    company.write({"value_fixed_cost_monthly": 50000, "value_fixed_cost_allocation": "revenue"})


def _value_first_run(env):
    """Drivers set up, no current run: the first run ever (no previous levels)."""
    _value_prepare(env)
    env.cr.execute("UPDATE res_company SET value_current_run_id = NULL WHERE id = %s", [MAIN_COMPANY_ID])


def _value_yesterdays_run(env):
    """The state the nightly cron finds: the run of the day before is current
    (its levels are the previous levels of the migration matrix)."""
    _value_prepare(env)
    company = env["res.company"].browse(MAIN_COMPANY_ID)
    yesterday = date.today() - relativedelta(days=1)
    if company.value_current_run_id.date_to != yesterday:
        company._value_pyramid_recompute(*_value_period(yesterday))


def _value_recompute(env):
    env["res.company"].browse(MAIN_COMPANY_ID)._value_pyramid_recompute(*_value_period())


def _value_lower_bound(cr):
    """What a value run computes, in one statement: per customer involved,
    revenue and cost of goods sold (the cost its sale order line recorded,
    else the product's), the five driver quantities and costs, the fixed
    costs spread by revenue share (not to the cent), profit, rank,
    the cumulative profit of the whale curve, and whether an inactive one
    bought before the period or is a prospect with an open lead or quotation."""
    period = _value_period()
    date_from, _date_to = period
    database = cr.connection.info.dbname
    # Each quantity the run reads comes from the run's own builders: the
    # sales (revenue, cost of goods sold, invoices, credit notes), the order,
    # order line and lead counts of the drivers, and the prospects. What the
    # bound leaves out is what the run adds around them: the allocation in
    # exact cents, the levels, writing the lines and their costs.
    sales = production_sql(database, "crm.value.run", "_sales_query", run_period=period)
    orders = production_sql(database, "crm.value.run", "_driver_source_sale_order", run_period=period)
    lines = production_sql(database, "crm.value.run", "_driver_source_order_line", run_period=period)
    leads = production_sql(database, "crm.value.run", "_driver_source_lead", run_period=period)
    prospects = production_sql(database, "crm.purchase.facts", "_prospect_candidates_sql")
    cr.execute("SET LOCAL jit = off")  # the recompute's own settings
    cr.execute("SET LOCAL work_mem = '128MB'")
    cr.execute(
        """
        CREATE TEMP TABLE bench_lower_bound AS
        WITH sales AS (
            SELECT partner_id, revenue, cogs, invoice_count AS invoices, refund_count AS refunds
              FROM (%(sales)s) sales
        ), orders AS (
            SELECT partner_id, quantity AS orders FROM (%(orders)s) orders
        ), lines AS (
            SELECT partner_id, quantity AS lines FROM (%(lines)s) lines
        ), leads AS (
            SELECT partner_id, quantity AS leads FROM (%(leads)s) leads
        ), bought_before AS (
            SELECT DISTINCT commercial_partner_id AS partner_id FROM account_move
             WHERE company_id = %(company)s AND state = 'posted' AND move_type = 'out_invoice'
               AND invoice_date < %(date_from)s
        ), prospects AS (
            SELECT partner_id FROM (%(prospects)s) candidates
        ), involved AS (
            SELECT partner_id FROM sales UNION SELECT partner_id FROM orders UNION SELECT partner_id FROM lines
             UNION SELECT partner_id FROM leads UNION SELECT partner_id FROM bought_before
             UNION SELECT partner_id FROM prospects
        ), facts AS (
            SELECT i.partner_id, COALESCE(s.invoices > 0, false) AS is_active,
                   bb.partner_id IS NOT NULL AS bought_before,
                   COALESCE(s.revenue, 0) AS revenue, COALESCE(s.cogs, 0) AS cogs,
                   COALESCE(s.invoices, 0) AS invoices, COALESCE(s.refunds, 0) AS refunds,
                   COALESCE(o.orders, 0) AS orders, COALESCE(ol.lines, 0) AS lines, COALESCE(l.leads, 0) AS leads
              FROM involved i
              LEFT JOIN sales s ON s.partner_id = i.partner_id
              LEFT JOIN orders o ON o.partner_id = i.partner_id
              LEFT JOIN lines ol ON ol.partner_id = i.partner_id
              LEFT JOIN leads l ON l.partner_id = i.partner_id
              LEFT JOIN bought_before bb ON bb.partner_id = i.partner_id
        ), valued AS (
            SELECT f.*, f.revenue - f.cogs - 200000.0 * 12 * f.orders / sum(f.orders) OVER () - 1.5 * f.lines
                   - 4 * f.invoices - 30000.0 * 12 * f.refunds / NULLIF(sum(f.refunds) OVER (), 0)
                   - 60 * f.leads
                   - 50000.0 * 12 * greatest(f.revenue, 0) / sum(greatest(f.revenue, 0)) OVER () AS profit
              FROM facts f
        )
        SELECT v.*,
               CASE WHEN v.is_active THEN row_number() OVER (PARTITION BY v.is_active ORDER BY v.profit DESC) END
                   AS profit_rank,
               CASE WHEN v.is_active THEN sum(v.profit) OVER (PARTITION BY v.is_active ORDER BY v.profit DESC
                                                             ROWS UNBOUNDED PRECEDING) END AS cumulative_profit
          FROM valued v
        """,
        {"company": MAIN_COMPANY_ID, "date_from": date_from, "sales": AsIs(sales), "orders": AsIs(orders),
         "lines": AsIs(lines), "leads": AsIs(leads), "prospects": AsIs(prospects)},
    )


STEPS.append(
    Step(
        name="Value pyramid: allocation and levels (12 months), first run",
        addon="crm_value_pyramid",
        run=_value_recompute,
        lower_bound=_value_lower_bound,
        prepare=_value_first_run,
    )
)
STEPS.append(
    Step(
        name="Value pyramid, nightly (after yesterday's)",
        addon="crm_value_pyramid",
        run=_value_recompute,
        lower_bound=_value_lower_bound,
        prepare=_value_yesterdays_run,
    )
)


# -- crm_scorecard ----------------------------------------------------------

def _scorecard_period():
    """The 24 months up to the current one, as the cron and the dashboard see them."""
    today = date.today()
    return today.replace(day=1) - relativedelta(months=23), today


def _scorecard_compute(env):
    date_from, date_to = _scorecard_period()
    env["res.company"].browse(MAIN_COMPANY_ID)._scorecard_compute(date_from, date_to, "month")


def _scorecard_lower_bound(cr):
    """Every statement of the scorecard compute, replayed on a plain cursor:
    every KPI of every team over the 24 months, and nothing of Odoo's ORM
    or Python around it (production_statements)."""
    for statement in production_statements(cr.connection.info.dbname, _scorecard_compute):
        cr.execute(statement)


def _scorecard_prepare(env):
    """What the crons leave behind: a current RFM run and a value-pyramid run, so their KPIs read real runs."""
    company = env["res.company"].browse(MAIN_COMPANY_ID)
    if not company.rfm_current_run_id:
        _rfm_yesterdays_run(env)
    if not env["crm.value.run"].search_count([("company_id", "=", company.id)]):
        _value_prepare(env)
        _value_recompute(env)


STEPS.append(
    Step(
        name="Scorecard: every KPI over 24 months",
        addon="crm_scorecard",
        run=_scorecard_compute,
        lower_bound=_scorecard_lower_bound,
        prepare=_scorecard_prepare,
    )
)


def _scorecard_dashboard_prepare(env):
    """The stored scorecard the dashboard reads (24 months, every team)."""
    _scorecard_prepare(env)
    _scorecard_compute(env)


DASHBOARD_CALLS = 10


def _scorecard_dashboard(env):
    """Dashboard data calls for the current month, as the web client makes them (the first one on cold caches)."""
    for _call in range(DASHBOARD_CALLS):
        env["crm.scorecard.value"].with_company(MAIN_COMPANY_ID).get_dashboard_data(company_id=MAIN_COMPANY_ID)
        env.invalidate_all()


def _scorecard_dashboard_lower_bound(cr):
    """The stored values of the current month and its 11 predecessors, in one indexed read per call."""
    for call in range(DASHBOARD_CALLS):
        cr.execute(
            f"""
            CREATE TEMP TABLE bench_lower_bound_{call} AS
            SELECT kpi_id, period_start, actual, target, status FROM crm_scorecard_value
             WHERE company_id = %(company)s AND team_id IS NULL AND period_type = 'month'
               AND period_start >= %(since)s
            """,  # noqa: S608  # the call number only
            {"company": MAIN_COMPANY_ID, "since": date.today().replace(day=1) - relativedelta(months=11)},
        )


# -- crm_satisfaction_survey ------------------------------------------------


def _satisfaction_campaign_send(env):
    """Queue a campaign to every partner with an e-mail (one invitation each)."""
    survey = env.ref("crm_satisfaction_survey.survey_relationship_nps")
    env["crm.satisfaction.campaign"].create({
        "name": "bench", "survey_id": survey.id, "audience": "domain", "partner_domain": "[]",
        "exclude_days": 0, "company_id": MAIN_COMPANY_ID,
    }).action_send()


def _satisfaction_campaign_lower_bound(cr):
    """The partners invited and a token each, in one statement."""
    cr.execute(
        "CREATE TEMP TABLE bench_lower_bound AS SELECT p.id, gen_random_uuid()::text AS token FROM res_partner p"
        " WHERE p.active AND COALESCE(p.email, '') != '' AND NOT COALESCE(p.satisfaction_opt_out, FALSE)"
    )


STEPS.append(
    Step(
        name="Satisfaction campaign queued (every partner with an e-mail)",
        addon="crm_satisfaction_survey",
        run=_satisfaction_campaign_send,
        lower_bound=_satisfaction_campaign_lower_bound,
    )
)


STEPS.append(
    Step(
        name="Scorecard dashboard data, 10 calls",
        addon="crm_scorecard",
        run=_scorecard_dashboard,
        lower_bound=_scorecard_dashboard_lower_bound,
        prepare=_scorecard_dashboard_prepare,
    )
)
