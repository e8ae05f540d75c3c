"""Orchestration: reference data through the ORM, then the volume in SQL."""

import logging
import time
from datetime import date

import psycopg2
from dateutil.relativedelta import relativedelta

from . import volume
from .reference_data import ensure_reference_data

_logger = logging.getLogger(__name__)

HISTORY_YEARS = 3
# Lomax scale of the number of orders per customer: about 10 orders per
# customer on average once prospects and customers who left are counted.
ORDERS_SCALE = 24.0

# From this size on, the plain indexes of the big tables are dropped before
# the load and built again after it: building an index over sorted data once
# is several times faster than maintaining it row by row.
INDEX_DEFERRAL_THRESHOLD = 50_000
BULK_TABLES = [
    "res_partner", "sale_order", "sale_order_line", "account_move", "account_move_line",
    "sale_order_line_invoice_rel", "crm_lead", "mail_activity", "mail_message",
    "account_partial_reconcile",
]

VOLUME_STEPS = [
    ("work tables", volume.create_work_tables),
    ("partners", volume.insert_partners),
    ("sale orders", volume.insert_sale_orders),
    ("invoices and credit notes", volume.insert_invoices),
    ("payments", volume.insert_payments),
    ("leads and activities", volume.insert_leads_and_activities),
]


def generate(env, customers, seed=42, date_to=None, companies=2, main_company_share=0.8):
    """Write ``customers`` customers and three years of their history.

    The same ``seed`` and ``date_to`` always give the same data. Returns a
    dict with the time of each step (seconds) and the number of rows written.
    """
    if customers < 1:
        raise ValueError("customers must be at least 1")
    date_to = date_to or date.today()
    date_from = date_to - relativedelta(years=HISTORY_YEARS)
    timings = {}
    started = time.perf_counter()
    refs = ensure_reference_data(env, companies, date_from - relativedelta(years=1), date_to)
    env.flush_all()
    timings["reference data"] = time.perf_counter() - started

    params = _sql_parameters(env, refs, customers, seed, date_from, date_to, main_company_share)
    counts_before = _row_counts(env.cr)
    deferred = customers >= INDEX_DEFERRAL_THRESHOLD
    with _bulk_load_mode(env.cr), _deferred_indexes(env.cr, BULK_TABLES if deferred else [], timings):
        for label, step in VOLUME_STEPS:
            step_started = time.perf_counter()
            step(env.cr, params)
            timings[label] = time.perf_counter() - step_started
            _logger.info("datagen: %s done in %.1f s", label, timings[label])
    env.cr.execute("SELECT min(partner_id), max(partner_id) FROM dg_customer")
    customer_id_range = env.cr.fetchone()
    env.cr.execute(
        "DROP TABLE IF EXISTS dg_customer, dg_contact, dg_order, dg_line, dg_invoice, dg_rate, dg_move_line, dg_move,"
        " dg_payment"
    )
    _advance_order_sequence(env)
    env.invalidate_all()
    counts_after = _row_counts(env.cr)
    timings["total"] = time.perf_counter() - started
    return {
        # Customers (commercial partners) got consecutive ids in this range.
        "customer_id_range": customer_id_range,
        "timings": timings,
        "rows": {table: counts_after[table] - counts_before[table] for table in counts_after},
    }


def _sql_parameters(env, refs, customers, seed, date_from, date_to, main_company_share):
    won_stage = env["crm.stage"].search([("is_won", "=", True)], limit=1)
    open_stages = env["crm.stage"].search([("is_won", "=", False)])
    activity_types = [
        env.ref(xmlid).id
        for xmlid in ("mail.mail_activity_data_call", "mail.mail_activity_data_email", "mail.mail_activity_data_todo")
    ]
    companies = refs.companies
    return {
        "seed": seed,
        "customers": customers,
        "date_from": date_from,
        "date_to": date_to,
        "span_days": (date_to - date_from).days,
        "date_from_day_of_year": date_from.timetuple().tm_yday - 1,
        "company_count": len(companies),
        "main_company_share": main_company_share if len(companies) > 1 else 1.0,
        "company_slots": list(range(1, len(companies) + 1)),
        "company_ids": [c.company.id for c in companies],
        "company_currency_ids": [c.company.currency_id.id for c in companies],
        "foreign_currency_ids": [c.foreign_currency_id for c in companies],
        "sale_journal_ids": [c.sale_journal_id for c in companies],
        "receivable_account_ids": [c.receivable_account_id for c in companies],
        "income_account_ids": [c.income_account_id for c in companies],
        "orders_scale": ORDERS_SCALE,
        "user_count": len(refs.user_ids),
        "user_ids": refs.user_ids,
        "team_ids": refs.team_ids,
        "product_count": len(refs.product_ids),
        "product_ids": refs.product_ids,
        "product_prices": refs.product_prices,
        "product_names": refs.product_names,
        "uom_id": refs.uom_id,
        "won_stage_id": won_stage.id,
        "open_stage_ids": open_stages.ids,
        "n_open_stages": len(open_stages),
        "activity_type_ids": activity_types,
        "n_activity_types": len(activity_types),
        "partner_model_id": env["ir.model"]._get_id("res.partner"),
        "lead_model_id": env["ir.model"]._get_id("crm.lead"),
        "comment_subtype_id": env.ref("mail.mt_comment").id,
        "bank_journal_ids": [c.bank_journal_id for c in companies],
        "bank_journal_codes": [c.bank_journal_code for c in companies],
        "bank_account_ids": [c.bank_account_id for c in companies],
        "cities_per_company": len(volume.CITIES[0]),
        "city_names": [city for cities in volume.CITIES for city, _zip, _country in cities],
        "city_zips": [zip_code for cities in volume.CITIES for _city, zip_code, _country in cities],
        "city_country_ids": [env.ref(country).id for cities in volume.CITIES for _city, _zip, country in cities],
        "phone_prefixes": volume.PHONE_PREFIXES,
        **{f"n_{name}": len(values) for name, values in _NAME_LISTS.items()},
        **_NAME_LISTS,
    }


_NAME_LISTS = {
    "first_names": volume.FIRST_NAMES,
    "last_names": volume.LAST_NAMES,
    "company_words": volume.COMPANY_WORDS,
    "company_trades": volume.COMPANY_TRADES,
    "company_suffixes": volume.COMPANY_SUFFIXES,
    "street_kinds": volume.STREET_KINDS,
}

COUNTED_TABLES = [
    "res_partner", "sale_order", "sale_order_line", "account_move", "account_move_line",
    "account_partial_reconcile", "crm_lead", "mail_activity", "mail_message",
]


def _row_counts(cr):
    counts = {}
    for table in COUNTED_TABLES:
        cr.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 - fixed table names
        counts[table] = cr.fetchone()[0]
    return counts


class _bulk_load_mode:
    """Skip foreign-key triggers while loading when the role may do so.

    Every id the generator writes comes from rows it wrote itself or from the
    reference data, so the checks would only cost time (they are most of it
    at a million customers). Roles that are not superuser keep the checks.
    """

    def __init__(self, cr):
        self.cr = cr

    def __enter__(self):
        # Hash joins and sorts over millions of rows stay in memory, and so do
        # the work tables when the session has not touched a temporary table
        # yet (PostgreSQL only lets temp_buffers change before that).
        self.cr.execute("SET LOCAL work_mem = '256MB'")
        try:
            with self.cr.savepoint(flush=False):
                # Expected to fail in a session that used temp tables: not
                # an error worth a line in the server log.
                self.cr.execute("SET LOCAL temp_buffers = '1GB'", log_exceptions=False)
        except psycopg2.Error:
            _logger.info("datagen: temp_buffers already fixed for this session")
        self.cr.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        self.enabled = self.cr.fetchone()[0]
        if self.enabled:
            self.cr.execute("SET LOCAL session_replication_role = replica")
        return self

    def __exit__(self, exc_type, exc, traceback):
        if self.enabled and exc_type is None:
            self.cr.execute("SET LOCAL session_replication_role = DEFAULT")
        return False


class _deferred_indexes:
    """Drop the non-unique indexes of ``tables``, rebuild them on exit.

    Unique indexes and primary keys stay: they guard the data the load writes.
    """

    def __init__(self, cr, tables, timings):
        self.cr, self.tables, self.timings = cr, tables, timings
        self.definitions = []

    def __enter__(self):
        if not self.tables:
            return self
        self.cr.execute(
            """
            SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
              FROM pg_index i
             WHERE i.indrelid = ANY(%s::regclass[]) AND NOT i.indisunique AND NOT i.indisprimary
            """,
            [self.tables],
        )
        self.definitions = self.cr.fetchall()
        for name, _definition in self.definitions:
            self.cr.execute(f"DROP INDEX {name}")
        return self

    def __exit__(self, exc_type, exc, traceback):
        if exc_type is not None or not self.definitions:
            return False
        started = time.perf_counter()
        self.cr.execute("SET LOCAL maintenance_work_mem = '1GB'")
        for _name, definition in self.definitions:
            self.cr.execute(definition)
        self.timings["indexes rebuilt"] = time.perf_counter() - started
        return False


def _advance_order_sequence(env):
    """Orders are named S<id>; new orders from the UI must not reuse a name."""
    env.cr.execute("SELECT COALESCE(max(id), 0) FROM sale_order")
    max_id = env.cr.fetchone()[0]
    sequence = env["ir.sequence"].sudo().search([("code", "=", "sale.order")], limit=1)
    if sequence and sequence.number_next_actual <= max_id:
        sequence.number_next_actual = max_id + 1
