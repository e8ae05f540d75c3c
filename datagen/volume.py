"""The volume: customers and their history, written with set-based SQL.

Every random draw is a pure function of (seed, key, salt) computed in
PostgreSQL with ``hashint8extended``, so the data does not depend on row order,
on parallel query plans or on the size asked for: customer 17 of seed 42 is the
same customer at 1,000 and at 1,000,000 customers.

Each step is one or two ``INSERT ... SELECT`` statements over temporary work
tables (``dg_customer``, ``dg_order``, ``dg_line``, ``dg_invoice``), whose ids are
drawn from Odoo's own sequences so that the ORM keeps working afterwards.
"""

# Uniform draw in [0, 1) from (key, salt); ``seed`` is bound per run. Inlined
# by PostgreSQL because it is a one-line SQL function.
RANDOM_FUNCTION = """
CREATE OR REPLACE FUNCTION pg_temp.dg_u(key bigint, salt integer, seed bigint)
RETURNS double precision LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT (hashint8extended(key, seed * 1000 + salt) & 9007199254740991)::double precision
           / 9007199254740992.0
$$;
-- Standard normal draw (Box-Muller) from two uniforms.
CREATE OR REPLACE FUNCTION pg_temp.dg_n(key bigint, salt integer, seed bigint)
RETURNS double precision LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT sqrt(-2 * ln(1 - pg_temp.dg_u(key, salt, seed)))
           * cos(2 * pi() * pg_temp.dg_u(key, salt + 500, seed))
$$;
"""

FIRST_NAMES = [
    "Ana", "Ben", "Chloe", "David", "Emma", "Felix", "Grace", "Hugo", "Irene", "Jon",
    "Karin", "Luis", "Maya", "Nina", "Oscar", "Paula", "Quentin", "Rosa", "Sam", "Tara",
    "Umar", "Vera", "Will", "Xenia", "Yusuf", "Zoe", "Marta", "Pablo", "Lucia", "Omar",
]
LAST_NAMES = [
    "Garcia", "Smith", "Muller", "Rossi", "Dubois", "Novak", "Silva", "Kowalski", "Jensen",
    "Nakamura", "Okafor", "Fischer", "Lopez", "Martin", "Brown", "Costa", "Berg", "Horvat",
    "Ivanova", "Khan", "Larsen", "Moreno", "Nguyen", "Olsen", "Perez", "Quinn", "Reyes",
    "Schmidt", "Torres", "Weber",
]
COMPANY_WORDS = [
    "Atlas", "Beacon", "Cedar", "Delta", "Ember", "Falcon", "Granite", "Harbor", "Iris",
    "Juniper", "Keystone", "Lumen", "Meridian", "Nova", "Orbit", "Pioneer", "Quartz",
    "Ridge", "Summit", "Tidal", "Union", "Vertex", "Willow", "Zenith",
]
COMPANY_TRADES = [
    "Logistics", "Foods", "Dental", "Architects", "Software", "Hotels", "Motors",
    "Pharma", "Textiles", "Consulting", "Builders", "Media", "Energy", "Retail",
]
COMPANY_SUFFIXES = ["Ltd", "Inc", "SL", "GmbH", "SA", "BV", "LLC"]
STREET_KINDS = ["Street", "Avenue", "Road", "Boulevard", "Lane"]
# Where each company's customers live: (city, zip, country xml id), the same
# number of cities per company (a customer draws one of its company's).
CITIES = [
    [("New York", "10001", "base.us"), ("Chicago", "60601", "base.us"), ("Austin", "73301", "base.us"),
     ("Seattle", "98101", "base.us"), ("Denver", "80202", "base.us"), ("Boston", "02108", "base.us"),
     ("Atlanta", "30303", "base.us"), ("Miami", "33101", "base.us")],
    [("Madrid", "28001", "base.es"), ("Barcelona", "08001", "base.es"), ("Lyon", "69001", "base.fr"),
     ("Paris", "75001", "base.fr"), ("Berlin", "10115", "base.de"), ("Munich", "80331", "base.de"),
     ("Amsterdam", "1011", "base.nl"), ("Milan", "20121", "base.it")],
]
PHONE_PREFIXES = ["+1 555 01", "+34 910 55"]


def create_work_tables(cr, params):
    """Customers, orders, order lines and invoices to be, with every draw made."""
    cr.execute(RANDOM_FUNCTION)
    cr.execute(
        """
        DROP TABLE IF EXISTS dg_customer, dg_contact, dg_order, dg_line, dg_invoice, dg_rate;
        -- One row per customer (a commercial partner: a company or a person).
        CREATE TEMP TABLE dg_customer AS
        SELECT k,
               nextval('res_partner_id_seq') AS partner_id,
               CASE WHEN pg_temp.dg_u(k, 1, %(seed)s) < %(main_company_share)s THEN 1
                    ELSE %(company_count)s END AS company_slot,
               pg_temp.dg_u(k, 2, %(seed)s) < 0.3 AS is_b2b,
               pg_temp.dg_u(k, 3, %(seed)s) < 0.12 AS is_prospect,
               pg_temp.dg_u(k, 4, %(seed)s) < 0.1 AS pays_in_foreign_currency,
               1 + floor(pg_temp.dg_u(k, 5, %(seed)s) * %(user_count)s)::int AS user_slot,
               -- Lifetime: customers arrive over the whole span (some before
               -- it) and up to a third of them churn at some point; the
               -- bigger spenders (value_factor below) leave less often.
               greatest(-200.0, pg_temp.dg_u(k, 6, %(seed)s) * %(span_days)s * 1.1 - 200) AS first_day,
               CASE WHEN pg_temp.dg_u(k, 7, %(seed)s) < 0.35 / greatest(1.0, exp(pg_temp.dg_n(k, 10, %(seed)s) * 0.9))
                    THEN pg_temp.dg_u(k, 8, %(seed)s) ELSE 1.0 END AS lifetime_share,
               -- Heavy tails: orders per customer follow a Lomax (Pareto II)
               -- law, order value a log-normal whose median depends on B2B/B2C.
               least(900, 1 + floor(%(orders_scale)s * (power(1 - pg_temp.dg_u(k, 9, %(seed)s), -1.0 / 3) - 1)))::int
                   AS n_orders,
               exp(pg_temp.dg_n(k, 10, %(seed)s) * 0.9) AS value_factor,
               1 + floor(pg_temp.dg_u(k, 11, %(seed)s) * 3)::int AS n_contacts,
               -- How the customer pays: most on time, a quarter late, a few
               -- very late (what the late-payment cost driver counts).
               pg_temp.dg_u(k, 90, %(seed)s) AS pay_profile,
               -- One profile in seven has no phone: "complete profile" is not 100%%.
               pg_temp.dg_u(k, 91, %(seed)s) < 0.86 AS has_phone
          FROM generate_series(1, %(customers)s::bigint) AS k
         ORDER BY k;
        ALTER TABLE dg_customer ADD PRIMARY KEY (k);
        UPDATE dg_customer SET n_orders = 0 WHERE is_prospect;
        """,
        params,
    )
    cr.execute(
        """
        -- Contacts of B2B customers: who places the orders.
        CREATE TEMP TABLE dg_contact AS
        SELECT c.k, j AS contact_no, nextval('res_partner_id_seq') AS partner_id
          FROM dg_customer c CROSS JOIN LATERAL generate_series(1, c.n_contacts) AS j
         WHERE c.is_b2b
         ORDER BY c.k, j;
        CREATE INDEX ON dg_contact (k, contact_no);

        -- Exchange rate (document currency per company currency) of each day,
        -- looked up the way res.currency._get_rates does.
        CREATE TEMP TABLE dg_rate AS
        SELECT slot.company_slot, cur.currency_id, day::date AS day,
               (COALESCE((SELECT r.rate FROM res_currency_rate r
                          WHERE r.currency_id = cur.currency_id AND r.name <= day::date
                            AND (r.company_id IS NULL OR r.company_id = slot.company_id)
                          ORDER BY r.company_id, r.name DESC LIMIT 1), 1.0)
               / COALESCE((SELECT r.rate FROM res_currency_rate r
                          WHERE r.currency_id = slot.company_currency_id AND r.name <= day::date
                            AND (r.company_id IS NULL OR r.company_id = slot.company_id)
                          ORDER BY r.company_id, r.name DESC LIMIT 1), 1.0))::numeric AS rate
          FROM unnest(%(company_slots)s::int[], %(company_ids)s::int[], %(company_currency_ids)s::int[])
                   AS slot(company_slot, company_id, company_currency_id)
               CROSS JOIN LATERAL unnest(ARRAY[slot.company_currency_id,
                                               (%(foreign_currency_ids)s::int[])[slot.company_slot]])
                   AS cur(currency_id)
               CROSS JOIN generate_series(%(date_from)s::date - 400, %(date_to)s::date + 40, '1 day') AS day;
        ALTER TABLE dg_rate ADD PRIMARY KEY (company_slot, currency_id, day);
        """,
        params,
    )
    cr.execute(
        """
        -- Orders. The order date is drawn uniformly over the customer's life,
        -- then warped so that orders pile up in November-December and thin out
        -- in summer: y + a/2pi sin(2pi(y - 0.4)) over the calendar year y has
        -- the density 1 / (1 + a cos(2pi(y - 0.4))), highest at y = 0.9. The
        -- warp is monotone, so the life bounds still hold. Prospects get a
        -- draft or sent quotation of the last four months, never confirmed.
        -- Who orders (a contact of a B2B customer, or the person), in which
        -- currency and at which rate is decided here for all the documents
        -- of the order.
        CREATE TEMP TABLE dg_order AS
        WITH drawn AS (
            SELECT c.k, c.k * 1024 + j AS okey,
                   c.first_day + (%(span_days)s - c.first_day) * c.lifetime_share
                       * pg_temp.dg_u(c.k * 1024 + j, 20, %(seed)s) AS day_number,
                   NULL::varchar AS quotation_state
              FROM dg_customer c CROSS JOIN LATERAL generate_series(1, c.n_orders) AS j
            UNION ALL
            SELECT c.k, c.k * 1024 + 1, %(span_days)s - floor(pg_temp.dg_u(c.k, 30, %(seed)s) * 120),
                   CASE WHEN pg_temp.dg_u(c.k, 32, %(seed)s) < 0.5 THEN 'draft' ELSE 'sent' END
              FROM dg_customer c
             WHERE c.is_prospect AND pg_temp.dg_u(c.k, 31, %(seed)s) < 0.5
            -- Buyers ask for quotes too: one in ten customers still buying
            -- has an open quotation of the last two months.
            UNION ALL
            SELECT c.k, c.k * 1024 + 1000, %(span_days)s - floor(pg_temp.dg_u(c.k, 33, %(seed)s) * 60),
                   CASE WHEN pg_temp.dg_u(c.k, 34, %(seed)s) < 0.5 THEN 'draft' ELSE 'sent' END
              FROM dg_customer c
             WHERE NOT c.is_prospect AND c.lifetime_share = 1.0 AND c.first_day < %(span_days)s - 60
               AND pg_temp.dg_u(c.k, 35, %(seed)s) < 0.1
        ), dated AS (
            SELECT d.k, d.okey, d.quotation_state,
                   least(%(date_to)s::date, %(date_from)s::date + floor(
                       CASE WHEN d.quotation_state IS NOT NULL THEN d.day_number
                            ELSE d.day_number + 365.25 * 0.5 * sin(2 * pi() * ((d.day_number + %(date_from_day_of_year)s) / 365.25 - 0.4)) / (2 * pi())
                       END)::int) AS order_date
              FROM drawn d
             WHERE d.day_number >= 0
        )
        SELECT nextval('sale_order_id_seq') AS order_id, d.k, d.okey, d.order_date,
               CASE WHEN d.quotation_state IS NOT NULL THEN 1
                    ELSE 1 + (pg_temp.dg_u(d.okey, 21, %(seed)s) < 0.35)::int
                           + (pg_temp.dg_u(d.okey, 22, %(seed)s) < 0.10)::int END AS n_lines,
               COALESCE(d.quotation_state,
                        CASE WHEN pg_temp.dg_u(d.okey, 23, %(seed)s) < 0.04 THEN 'cancel' ELSE 'sale' END) AS state,
               c.company_slot, c.partner_id AS customer_id, COALESCE(ct.partner_id, c.partner_id) AS orderer_id,
               cur.currency_id, c.user_slot, r.rate,
               (CASE WHEN c.is_b2b THEN 420.0 ELSE 70.0 END) * c.value_factor AS typical_value
          FROM dated d
          JOIN dg_customer c ON c.k = d.k
          LEFT JOIN dg_contact ct
            ON c.is_b2b AND ct.k = d.k
           AND ct.contact_no = 1 + floor(pg_temp.dg_u(d.okey, 24, %(seed)s) * c.n_contacts)::int
               CROSS JOIN LATERAL (
                   SELECT CASE WHEN c.pays_in_foreign_currency
                               THEN (%(foreign_currency_ids)s::int[])[c.company_slot]
                               ELSE (%(company_currency_ids)s::int[])[c.company_slot] END AS currency_id
               ) cur
          JOIN dg_rate r ON r.company_slot = c.company_slot AND r.currency_id = cur.currency_id AND r.day = d.order_date;
        ALTER TABLE dg_order ADD PRIMARY KEY (order_id);

        -- Order lines: product, quantity and price (in the order's currency).
        -- A line is worth the customer's typical value times a log-normal noise.
        CREATE TEMP TABLE dg_line AS
        SELECT nextval('sale_order_line_id_seq') AS line_id, x.order_id, x.line_no, x.product_slot,
               q.quantity, q.price_unit, q.quantity * q.price_unit AS subtotal
          FROM (
                SELECT o.order_id, o.rate, j AS line_no, o.okey * 4 + j AS lkey,
                       1 + floor(pg_temp.dg_u(o.okey * 4 + j, 40, %(seed)s) * %(product_count)s)::int AS product_slot,
                       o.typical_value * exp(pg_temp.dg_n(o.okey * 4 + j, 41, %(seed)s) * 0.5) / o.n_lines
                           AS target_value
                  FROM dg_order o CROSS JOIN LATERAL generate_series(1, o.n_lines) AS j
               ) x
               CROSS JOIN LATERAL (
                   SELECT greatest(1, round(x.target_value / (%(product_prices)s::float8[])[x.product_slot]))::numeric
                              AS quantity,
                          round(((%(product_prices)s::numeric[])[x.product_slot]
                                 * (0.85 + 0.15 * pg_temp.dg_u(x.lkey, 42, %(seed)s)) * x.rate)::numeric, 2)
                              AS price_unit
               ) q;
        CREATE INDEX ON dg_line (order_id);

        -- Invoices: one per confirmed order, a few days after it; the orders
        -- of the last fortnight are not invoiced yet. About 5%% of the
        -- invoices get a credit note for part or all of them weeks later.
        -- Each document is paid (a credit note refunded) on pay_date, by the
        -- customer's habit: within the 30 days' term, 20 to 60 days, or 45
        -- to 165 days; what is due after date_to is still open.
        CREATE TEMP TABLE dg_invoice AS
        WITH invoiced AS (
            SELECT o.*, least(%(date_to)s::date, o.order_date + floor(pg_temp.dg_u(o.okey, 50, %(seed)s) * 8)::int)
                            AS invoice_date
              FROM dg_order o
             WHERE o.state = 'sale' AND o.order_date < %(date_to)s::date - 14
        ), documents AS (
            SELECT i.order_id, i.company_slot, i.currency_id, i.invoice_date, false AS is_refund,
                   1.0::numeric AS refund_share, i.k, i.okey
              FROM invoiced i
            UNION ALL
            SELECT i.order_id, i.company_slot, i.currency_id,
                   least(%(date_to)s::date, i.invoice_date + 7 + floor(pg_temp.dg_u(i.okey, 52, %(seed)s) * 50)::int),
                   true,
                   CASE WHEN pg_temp.dg_u(i.okey, 53, %(seed)s) < 0.4 THEN 1.0
                        ELSE round((0.1 + 0.8 * pg_temp.dg_u(i.okey, 54, %(seed)s))::numeric, 2) END,
                   i.k, i.okey
              FROM invoiced i
             WHERE pg_temp.dg_u(i.okey, 51, %(seed)s) < 0.05
        )
        SELECT nextval('account_move_id_seq') AS move_id, d.order_id, d.invoice_date, d.is_refund,
               d.refund_share, NULL::bigint AS refunded_move_id, r.rate,
               d.invoice_date + floor(CASE
                   WHEN d.is_refund THEN 5 + 10 * pg_temp.dg_u(d.okey, 55, %(seed)s)
                   WHEN c.pay_profile < 0.70 THEN 5 + 25 * pg_temp.dg_u(d.okey, 56, %(seed)s)
                   WHEN c.pay_profile < 0.95 THEN 20 + 40 * pg_temp.dg_u(d.okey, 56, %(seed)s)
                   ELSE 45 + 120 * pg_temp.dg_u(d.okey, 56, %(seed)s) END)::int AS pay_date
          FROM documents d
          JOIN dg_customer c ON c.k = d.k
          JOIN dg_rate r ON r.company_slot = d.company_slot AND r.currency_id = d.currency_id AND r.day = d.invoice_date;
        CREATE INDEX ON dg_invoice (order_id);
        UPDATE dg_invoice refund
           SET refunded_move_id = invoice.move_id
          FROM dg_invoice invoice
         WHERE refund.is_refund AND NOT invoice.is_refund AND invoice.order_id = refund.order_id;
        ANALYZE dg_customer, dg_contact, dg_order, dg_line, dg_invoice, dg_rate;
        """,
        params,
    )


def insert_partners(cr, params):
    cr.execute(
        """
        INSERT INTO res_partner (
            id, name, complete_name, commercial_partner_id, commercial_company_name,
            is_company, company_id, type, lang, active, partner_share, customer_rank,
            email, user_id, invoice_warn, sale_warn, autopost_bills,
            street, city, zip, country_id, phone,
            create_uid, write_uid, create_date, write_date)
        SELECT c.partner_id, n.name, n.name, c.partner_id, CASE WHEN c.is_b2b THEN n.name END,
               c.is_b2b, (%(company_ids)s::int[])[c.company_slot], 'contact', 'en_US', true, true,
               CASE WHEN c.is_prospect THEN 0 ELSE 1 END,
               lower(regexp_replace(n.name, '[^A-Za-z]+', '.', 'g')) || '.' || c.k || '@example.com',
               (%(user_ids)s::int[])[c.user_slot],
               'no-message', 'no-message', 'ask',
               (1 + (hashint8extended(c.k, %(seed)s * 1000 + 67) & 1023) %% 400)::text || ' '
                   || (%(company_words)s::text[])[1 + (hashint8extended(c.k, %(seed)s * 1000 + 68) & 1023) %% %(n_company_words)s]
                   || ' ' || (%(street_kinds)s::text[])[1 + (hashint8extended(c.k, %(seed)s * 1000 + 69) & 1023) %% %(n_street_kinds)s],
               (%(city_names)s::text[])[a.city_no], (%(city_zips)s::text[])[a.city_no],
               (%(city_country_ids)s::int[])[a.city_no],
               CASE WHEN c.has_phone THEN (%(phone_prefixes)s::text[])[c.company_slot] || ' ' || lpad((c.k %% 10000)::text, 4, '0') END,
               1, 1, %(date_from)s::date + floor(c.first_day)::int, %(date_from)s::date + floor(c.first_day)::int
          FROM dg_customer c
               CROSS JOIN LATERAL (
                   SELECT (c.company_slot - 1) * %(cities_per_company)s + 1
                          + (hashint8extended(c.k, %(seed)s * 1000 + 70) & 1023) %% %(cities_per_company)s AS city_no
               ) a
               CROSS JOIN LATERAL (
                   SELECT CASE WHEN c.is_b2b THEN
                               (%(company_words)s::text[])[1 + (hashint8extended(c.k, %(seed)s * 1000 + 60) & 1023) %% %(n_company_words)s]
                               || ' ' || (%(company_trades)s::text[])[1 + (hashint8extended(c.k, %(seed)s * 1000 + 61) & 1023) %% %(n_company_trades)s]
                               || ' ' || (%(company_suffixes)s::text[])[1 + (hashint8extended(c.k, %(seed)s * 1000 + 62) & 1023) %% %(n_company_suffixes)s]
                          ELSE (%(first_names)s::text[])[1 + (hashint8extended(c.k, %(seed)s * 1000 + 63) & 1023) %% %(n_first_names)s]
                               || ' ' || (%(last_names)s::text[])[1 + (hashint8extended(c.k, %(seed)s * 1000 + 64) & 1023) %% %(n_last_names)s]
                          END AS name
               ) n;

        -- A contact shares its company's address, as Odoo keeps it in sync.
        INSERT INTO res_partner (
            id, name, complete_name, parent_id, commercial_partner_id, commercial_company_name,
            is_company, company_id, type, lang, active, partner_share, customer_rank,
            email, user_id, invoice_warn, sale_warn, autopost_bills,
            street, city, zip, country_id, phone,
            create_uid, write_uid, create_date, write_date)
        SELECT ct.partner_id, n.name, p.name || ', ' || n.name, p.id, p.id, p.name,
               false, p.company_id, 'contact', 'en_US', true, true, p.customer_rank,
               lower(regexp_replace(n.name, '[^A-Za-z]+', '.', 'g')) || '.' || ct.k || '.' || ct.contact_no || '@example.com',
               p.user_id, 'no-message', 'no-message', 'ask',
               p.street, p.city, p.zip, p.country_id, p.phone, 1, 1, p.create_date, p.create_date
          FROM dg_contact ct
          JOIN dg_customer c ON c.k = ct.k
          JOIN res_partner p ON p.id = c.partner_id
               CROSS JOIN LATERAL (
                   SELECT (%(first_names)s::text[])[1 + (hashint8extended(ct.k * 4 + ct.contact_no, %(seed)s * 1000 + 65) & 1023) %% %(n_first_names)s]
                          || ' ' || (%(last_names)s::text[])[1 + (hashint8extended(ct.k * 4 + ct.contact_no, %(seed)s * 1000 + 66) & 1023) %% %(n_last_names)s]
                          AS name
               ) n;
        """,
        params,
    )


def insert_sale_orders(cr, params):
    cr.execute(
        """
        INSERT INTO sale_order (
            id, name, company_id, partner_id, partner_invoice_id, partner_shipping_id, currency_id,
            user_id, team_id, state, invoice_status, date_order, validity_date, currency_rate,
            amount_untaxed, amount_tax, amount_total, require_signature, require_payment,
            prepayment_percent, create_uid, write_uid, create_date, write_date)
        SELECT o.order_id, 'S' || lpad(o.order_id::text, greatest(5, length(o.order_id::text)), '0'), (%(company_ids)s::int[])[o.company_slot],
               o.orderer_id, o.orderer_id, o.orderer_id, o.currency_id,
               (%(user_ids)s::int[])[o.user_slot], (%(team_ids)s::int[])[o.user_slot], o.state,
               CASE WHEN o.state <> 'sale' THEN 'no' WHEN i.move_id IS NULL THEN 'to invoice' ELSE 'invoiced' END,
               o.order_date + make_interval(hours => 8 + (o.okey %% 10)::int), o.order_date + 30, o.rate,
               t.amount, 0, t.amount, false, false, 1.0, 1, 1,
               o.order_date + make_interval(hours => 8), o.order_date + make_interval(hours => 8)
          FROM dg_order o
          JOIN (SELECT order_id, sum(subtotal) AS amount FROM dg_line GROUP BY order_id) t
            ON t.order_id = o.order_id
          LEFT JOIN dg_invoice i ON i.order_id = o.order_id AND NOT i.is_refund;

        INSERT INTO sale_order_line (
            id, order_id, sequence, company_id, currency_id, order_partner_id, salesman_id,
            product_id, product_uom, state, qty_delivered_method, invoice_status, name,
            product_uom_qty, price_unit, technical_price_unit, discount, price_subtotal, price_tax,
            price_total, price_reduce_taxexcl, price_reduce_taxinc, qty_delivered, qty_invoiced,
            qty_to_invoice, untaxed_amount_invoiced, untaxed_amount_to_invoice, customer_lead,
            create_uid, write_uid, create_date, write_date)
        SELECT l.line_id, l.order_id, 10 * l.line_no, (%(company_ids)s::int[])[o.company_slot], o.currency_id,
               o.orderer_id, (%(user_ids)s::int[])[o.user_slot],
               (%(product_ids)s::int[])[l.product_slot], %(uom_id)s, o.state, 'manual',
               CASE WHEN o.state <> 'sale' THEN 'no' WHEN i.move_id IS NULL THEN 'to invoice' ELSE 'invoiced' END,
               (%(product_names)s::text[])[l.product_slot],
               l.quantity, l.price_unit, l.price_unit, 0, l.subtotal, 0,
               l.subtotal, l.price_unit, l.price_unit, 0,
               CASE WHEN i.move_id IS NULL THEN 0 ELSE l.quantity END,
               CASE WHEN o.state = 'sale' AND i.move_id IS NULL THEN l.quantity ELSE 0 END,
               CASE WHEN i.move_id IS NULL THEN 0 ELSE l.subtotal END,
               CASE WHEN o.state = 'sale' AND i.move_id IS NULL THEN l.subtotal ELSE 0 END,
               0, 1, 1, o.order_date + make_interval(hours => 8), o.order_date + make_interval(hours => 8)
          FROM dg_line l
          JOIN dg_order o ON o.order_id = l.order_id
          LEFT JOIN dg_invoice i ON i.order_id = o.order_id AND NOT i.is_refund;
        """,
        params,
    )


def insert_invoices(cr, params):
    """Posted customer invoices and credit notes, balanced to the cent.

    Each sale order line becomes an income line (a credit note scales its
    price by the refunded share); one receivable line balances the move.
    Company-currency amounts use the rate of the invoice date.
    """
    cr.execute(
        """
        CREATE TEMP TABLE dg_move_line AS
        SELECT nextval('account_move_line_id_seq') AS aml_id, i.move_id, l.line_id, l.line_no,
               l.product_slot, l.quantity, p.price_unit, l.quantity * p.price_unit AS amount_currency,
               round(l.quantity * p.price_unit / i.rate, 2) AS balance
          FROM dg_invoice i
          JOIN dg_line l ON l.order_id = i.order_id
               CROSS JOIN LATERAL (
                   SELECT CASE WHEN i.is_refund THEN round(l.price_unit * i.refund_share, 2)
                               ELSE l.price_unit END AS price_unit
               ) p;

        -- Moves are numbered per journal and prefix after what the journal has.
        -- A paid invoice is written paid at once (its receivable line
        -- reconciled, ids of the line and of the reconciliation drawn here);
        -- insert_payments adds the payments that match it, without updates.
        CREATE TEMP TABLE dg_move AS
        SELECT x.*, x.sequence_prefix || lpad(x.sequence_number::text, greatest(5, length(x.sequence_number::text)), '0')
                   AS name,
               nextval('account_move_line_id_seq') AS receivable_line_id,
               CASE WHEN x.paid THEN nextval('account_full_reconcile_id_seq') END AS full_id
          FROM (
                SELECT i.*, NOT i.is_refund AND i.pay_date <= %(date_to)s::date AS paid,
                       o.company_slot, o.customer_id, o.orderer_id, o.currency_id, o.user_slot,
                       'S' || lpad(o.order_id::text, greatest(5, length(o.order_id::text)), '0') AS origin,
                       pfx.sequence_prefix, CASE WHEN i.is_refund THEN -1 ELSE 1 END AS sign,
                       t.amount_currency, t.balance,
                       COALESCE(last.number, 0)
                       + row_number() OVER (PARTITION BY o.company_slot, pfx.sequence_prefix
                                            ORDER BY i.invoice_date, i.move_id) AS sequence_number
                  FROM dg_invoice i
                  JOIN dg_order o ON o.order_id = i.order_id
                  JOIN (SELECT move_id, sum(amount_currency) AS amount_currency, sum(balance) AS balance
                          FROM dg_move_line GROUP BY move_id) t ON t.move_id = i.move_id
                       CROSS JOIN LATERAL (
                           SELECT CASE WHEN i.is_refund THEN 'RINV/' ELSE 'INV/' END
                                  || extract(year FROM i.invoice_date)::int || '/' AS sequence_prefix
                       ) pfx
                  LEFT JOIN (SELECT journal_id, sequence_prefix, max(sequence_number) AS number
                               FROM account_move WHERE journal_id = ANY(%(sale_journal_ids)s::int[])
                              GROUP BY journal_id, sequence_prefix) last
                    ON last.journal_id = (%(sale_journal_ids)s::int[])[o.company_slot]
                   AND last.sequence_prefix = pfx.sequence_prefix
               ) x;

        INSERT INTO account_move (
            id, name, sequence_prefix, sequence_number, journal_id, company_id, partner_id,
            commercial_partner_id, partner_shipping_id, currency_id, invoice_user_id, team_id,
            state, move_type, auto_post, payment_reference, payment_state,
            invoice_partner_display_name, invoice_origin, ref, date, invoice_date, invoice_date_due,
            invoice_currency_rate, amount_untaxed, amount_tax, amount_total, amount_residual,
            amount_untaxed_signed, amount_untaxed_in_currency_signed, amount_tax_signed,
            amount_total_signed, amount_total_in_currency_signed, amount_residual_signed,
            reversed_entry_id, checked, posted_before, create_uid, write_uid, create_date, write_date)
        SELECT m.move_id, m.name, m.sequence_prefix, m.sequence_number,
               (%(sale_journal_ids)s::int[])[m.company_slot], (%(company_ids)s::int[])[m.company_slot],
               m.orderer_id, m.customer_id, m.orderer_id, m.currency_id,
               (%(user_ids)s::int[])[m.user_slot], (%(team_ids)s::int[])[m.user_slot],
               'posted', CASE WHEN m.is_refund THEN 'out_refund' ELSE 'out_invoice' END, 'no',
               CASE WHEN m.is_refund THEN NULL ELSE m.name END, CASE WHEN m.paid THEN 'paid' ELSE 'not_paid' END,
               p.complete_name, m.origin, '', m.invoice_date, m.invoice_date, m.invoice_date + 30,
               m.rate, m.amount_currency, 0, m.amount_currency, CASE WHEN m.paid THEN 0 ELSE m.amount_currency END,
               m.sign * m.balance, m.sign * m.amount_currency, 0,
               m.sign * m.balance, m.sign * m.amount_currency, CASE WHEN m.paid THEN 0 ELSE m.sign * m.balance END,
               m.refunded_move_id, true, true, 1, 1,
               m.invoice_date + make_interval(hours => 12), m.invoice_date + make_interval(hours => 12)
          FROM dg_move m
          JOIN res_partner p ON p.id = m.orderer_id;

        INSERT INTO account_move_line (
            id, move_id, journal_id, company_id, company_currency_id, account_id, currency_id,
            partner_id, product_id, product_uom_id, move_name, parent_state, ref, name,
            display_type, sequence, date, invoice_date, quantity, price_unit, discount,
            price_subtotal, price_total, amount_currency, balance, debit, credit,
            amount_residual, amount_residual_currency, reconciled,
            create_uid, write_uid, create_date, write_date)
        SELECT l.aml_id, m.move_id, (%(sale_journal_ids)s::int[])[m.company_slot],
               (%(company_ids)s::int[])[m.company_slot], (%(company_currency_ids)s::int[])[m.company_slot],
               (%(income_account_ids)s::int[])[m.company_slot], m.currency_id, m.customer_id,
               (%(product_ids)s::int[])[l.product_slot], %(uom_id)s, m.name, 'posted', '',
               (%(product_names)s::text[])[l.product_slot], 'product', 10 * l.line_no,
               m.invoice_date, m.invoice_date, l.quantity, l.price_unit, 0,
               l.amount_currency, l.amount_currency,
               -m.sign * l.amount_currency, -m.sign * l.balance,
               CASE WHEN m.sign < 0 THEN l.balance ELSE 0 END, CASE WHEN m.sign > 0 THEN l.balance ELSE 0 END,
               0, 0, false, 1, 1,
               m.invoice_date + make_interval(hours => 12), m.invoice_date + make_interval(hours => 12)
          FROM dg_move_line l
          JOIN dg_move m ON m.move_id = l.move_id;

        INSERT INTO account_move_line (
            id, move_id, journal_id, company_id, company_currency_id, account_id, currency_id,
            partner_id, move_name, parent_state, ref, name, display_type, sequence, date,
            invoice_date, date_maturity, quantity, price_unit, discount, price_subtotal, price_total,
            amount_currency, balance, debit, credit, amount_residual, amount_residual_currency,
            reconciled, full_reconcile_id, matching_number, create_uid, write_uid, create_date, write_date)
        SELECT m.receivable_line_id, m.move_id, (%(sale_journal_ids)s::int[])[m.company_slot],
               (%(company_ids)s::int[])[m.company_slot], (%(company_currency_ids)s::int[])[m.company_slot],
               (%(receivable_account_ids)s::int[])[m.company_slot], m.currency_id, m.customer_id,
               m.name, 'posted', '', CASE WHEN m.is_refund THEN '' ELSE m.name END, 'payment_term', 12000,
               m.invoice_date, m.invoice_date, m.invoice_date + 30, 1, 0, 0, 0, 0,
               m.sign * m.amount_currency, m.sign * m.balance,
               CASE WHEN m.sign > 0 THEN m.balance ELSE 0 END, CASE WHEN m.sign < 0 THEN m.balance ELSE 0 END,
               CASE WHEN m.paid THEN 0 ELSE m.sign * m.balance END,
               CASE WHEN m.paid THEN 0 ELSE m.sign * m.amount_currency END,
               m.paid, m.full_id, m.full_id::text, 1, 1,
               m.invoice_date + make_interval(hours => 12), m.invoice_date + make_interval(hours => 12)
          FROM dg_move m
         ORDER BY m.move_id;

        -- Invoice lines know the order lines they invoice (credit notes here
        -- are stand-alone, so the ordered quantities stay invoiced).
        INSERT INTO sale_order_line_invoice_rel (invoice_line_id, order_line_id)
        SELECT l.aml_id, l.line_id
          FROM dg_move_line l
          JOIN dg_move m ON m.move_id = l.move_id
         WHERE NOT m.is_refund;
        """,
        params,
    )


def insert_leads_and_activities(cr, params):
    """Open opportunities of prospects, won ones of some buyers, and the
    follow-up activities of the sales force (done, due and overdue)."""
    cr.execute(
        """
        INSERT INTO crm_lead (
            id, name, type, partner_id, partner_name, contact_name, email_from, user_id, team_id,
            company_id, stage_id, priority, active, probability, expected_revenue, date_open,
            date_last_stage_update, date_closed, create_uid, write_uid, create_date, write_date)
        SELECT nextval('crm_lead_id_seq'),
               'Opportunity: ' || p.name, 'opportunity', p.id, CASE WHEN c.is_b2b THEN p.name END,
               CASE WHEN NOT c.is_b2b THEN p.name END, p.email, p.user_id,
               (%(team_ids)s::int[])[c.user_slot], p.company_id,
               CASE WHEN NOT c.is_prospect THEN %(won_stage_id)s
                    ELSE (%(open_stage_ids)s::int[])[1 + floor(pg_temp.dg_u(c.k, 71, %(seed)s) * %(n_open_stages)s)::int]
               END,
               (floor(pg_temp.dg_u(c.k, 72, %(seed)s) * 4))::int::text,
               NOT (c.is_prospect AND pg_temp.dg_u(c.k, 73, %(seed)s) < 0.3),
               CASE WHEN NOT c.is_prospect THEN 100
                    WHEN pg_temp.dg_u(c.k, 73, %(seed)s) < 0.3 THEN 0
                    ELSE round((10 + 60 * pg_temp.dg_u(c.k, 74, %(seed)s))::numeric, 2) END,
               round(((CASE WHEN c.is_b2b THEN 3000 ELSE 300 END) * c.value_factor)::numeric, 2),
               created, created,
               CASE WHEN NOT c.is_prospect THEN created + interval '20 days' END,
               1, 1, created, created
          FROM dg_customer c
          JOIN res_partner p ON p.id = c.partner_id
               CROSS JOIN LATERAL (
                   SELECT CASE WHEN c.is_prospect
                               THEN %(date_to)s::date - floor(pg_temp.dg_u(c.k, 75, %(seed)s) * 180)::int
                               ELSE %(date_from)s::date + greatest(0, floor(c.first_day)::int - 20)
                          END + make_interval(hours => 9) AS created
               ) d
         WHERE c.is_prospect OR pg_temp.dg_u(c.k, 70, %(seed)s) < 0.2
         ORDER BY c.k;

        -- Customers who still buy get new opportunities too: one in eight
        -- has an open upsell of the last four months.
        INSERT INTO crm_lead (
            id, name, type, partner_id, partner_name, contact_name, email_from, user_id, team_id,
            company_id, stage_id, priority, active, probability, expected_revenue, date_open,
            date_last_stage_update, create_uid, write_uid, create_date, write_date)
        SELECT nextval('crm_lead_id_seq'),
               'Upsell: ' || p.name, 'opportunity', p.id, CASE WHEN c.is_b2b THEN p.name END,
               CASE WHEN NOT c.is_b2b THEN p.name END, p.email, p.user_id,
               (%(team_ids)s::int[])[c.user_slot], p.company_id,
               (%(open_stage_ids)s::int[])[1 + floor(pg_temp.dg_u(c.k, 77, %(seed)s) * %(n_open_stages)s)::int],
               (floor(pg_temp.dg_u(c.k, 78, %(seed)s) * 4))::int::text, true,
               round((20 + 50 * pg_temp.dg_u(c.k, 79, %(seed)s))::numeric, 2),
               round(((CASE WHEN c.is_b2b THEN 2000 ELSE 200 END) * c.value_factor)::numeric, 2),
               created, created, 1, 1, created, created
          FROM dg_customer c
          JOIN res_partner p ON p.id = c.partner_id
               CROSS JOIN LATERAL (
                   SELECT %(date_to)s::date - floor(pg_temp.dg_u(c.k, 87, %(seed)s) * 120)::int
                          + make_interval(hours => 9) AS created
               ) d
         WHERE NOT c.is_prospect AND c.lifetime_share = 1.0 AND c.first_day < %(span_days)s - 120
           AND pg_temp.dg_u(c.k, 76, %(seed)s) < 0.125
         ORDER BY c.k;

        -- The salesperson answers most new opportunities of the last half
        -- year by e-mail, after a few hours to a few days (the scorecard's
        -- first response time).
        INSERT INTO mail_message (
            model, res_id, record_name, message_type, subtype_id, author_id, email_from, body, date,
            is_internal, create_uid, write_uid, create_date, write_date)
        SELECT 'crm.lead', l.id, l.name, 'comment', %(comment_subtype_id)s, u.partner_id, u.login,
               '<p>Thank you for your interest, I will send you a proposal shortly.</p>', r.date,
               false, u.id, u.id, r.date, r.date
          FROM crm_lead l
          JOIN dg_customer c ON c.partner_id = l.partner_id
          JOIN res_users u ON u.id = l.user_id
               CROSS JOIN LATERAL (SELECT c.k * 2 + (l.name LIKE 'Upsell:%%')::int AS lkey) key
               CROSS JOIN LATERAL (
                   SELECT l.create_date + make_interval(secs => 3600 * exp(1.2 + 1.3 * pg_temp.dg_n(key.lkey, 88, %(seed)s)))
                          AS date
               ) r
         WHERE l.type = 'opportunity' AND l.create_date >= %(date_to)s::date - 180
           AND pg_temp.dg_u(key.lkey, 89, %(seed)s) < 0.85 AND r.date < %(date_to)s::date + 1
         ORDER BY l.id;

        -- Activities on customers: 1 to 3 done in the past for a fifth of
        -- them, and one still open (due or overdue) for one in seven.
        INSERT INTO mail_activity (
            id, res_model_id, res_model, res_id, res_name, activity_type_id, user_id, summary,
            date_deadline, date_done, automated, active, create_uid, write_uid, create_date, write_date)
        SELECT nextval('mail_activity_id_seq'), %(partner_model_id)s, 'res.partner', p.id, p.name,
               (%(activity_type_ids)s::int[])[1 + floor(pg_temp.dg_u(c.k * 4 + j, 81, %(seed)s) * %(n_activity_types)s)::int],
               p.user_id, s.summary, s.deadline, CASE WHEN s.done THEN s.deadline END, false, NOT s.done,
               1, 1, s.deadline - 5, s.deadline - 5
          FROM dg_customer c
          JOIN res_partner p ON p.id = c.partner_id
               CROSS JOIN LATERAL generate_series(0, 3) AS j
               CROSS JOIN LATERAL (
                   SELECT j > 0 AS done,
                          CASE WHEN j = 0
                               THEN %(date_to)s::date + floor(pg_temp.dg_u(c.k, 82, %(seed)s) * 60)::int - 30
                               ELSE %(date_to)s::date - floor(pg_temp.dg_u(c.k * 4 + j, 83, %(seed)s) * %(span_days)s)::int
                          END AS deadline,
                          CASE WHEN j = 0 THEN 'Follow up' ELSE 'Customer call' END AS summary
               ) s
         WHERE (j = 0 AND pg_temp.dg_u(c.k, 80, %(seed)s) < 0.14)
            OR (j > 0 AND pg_temp.dg_u(c.k, 84, %(seed)s) < 0.2
                      AND j <= 1 + floor(pg_temp.dg_u(c.k, 85, %(seed)s) * 3)::int)
         ORDER BY c.k, j;
        """,
        params,
    )


def insert_payments(cr, params):
    """The payments of the invoices paid by ``date_to``: one bank entry per
    invoice on its pay_date, reconciled with the invoice's receivable line
    (a partial and a full reconciliation, as Odoo writes them; insert_invoices
    wrote the invoice paid, with the reconciliation's id).

    The payment is booked at the invoice's rate so that no exchange
    difference arises; credit notes stay open (a credit the customer keeps).
    """
    cr.execute(
        """
        CREATE TEMP TABLE dg_payment AS
        SELECT x.*,
               x.sequence_prefix || lpad(x.sequence_number::text, greatest(5, length(x.sequence_number::text)), '0')
                   AS name,
               nextval('account_move_line_id_seq') AS bank_line_id,
               nextval('account_move_line_id_seq') AS receivable_line_id
          FROM (
                SELECT nextval('account_move_id_seq') AS payment_move_id, m.move_id, m.company_slot, m.customer_id,
                       m.currency_id, m.amount_currency, m.balance, m.pay_date, m.name AS invoice_name,
                       m.receivable_line_id AS invoice_line_id, m.full_id, pfx.sequence_prefix,
                       COALESCE(last.number, 0)
                       + row_number() OVER (PARTITION BY m.company_slot, pfx.sequence_prefix
                                            ORDER BY m.pay_date, m.move_id) AS sequence_number
                  FROM dg_move m
                       CROSS JOIN LATERAL (
                           SELECT (%(bank_journal_codes)s::text[])[m.company_slot] || '/'
                                  || extract(year FROM m.pay_date)::int || '/' AS sequence_prefix
                       ) pfx
                  LEFT JOIN (SELECT journal_id, sequence_prefix, max(sequence_number) AS number
                               FROM account_move WHERE journal_id = ANY(%(bank_journal_ids)s::int[])
                              GROUP BY journal_id, sequence_prefix) last
                    ON last.journal_id = (%(bank_journal_ids)s::int[])[m.company_slot]
                   AND last.sequence_prefix = pfx.sequence_prefix
                 WHERE m.paid
               ) x;

        INSERT INTO account_move (
            id, name, sequence_prefix, sequence_number, journal_id, company_id, partner_id,
            commercial_partner_id, currency_id, state, move_type, auto_post, payment_state, ref, date,
            invoice_currency_rate, amount_untaxed, amount_tax, amount_total, amount_residual,
            amount_untaxed_signed, amount_untaxed_in_currency_signed, amount_tax_signed,
            amount_total_signed, amount_total_in_currency_signed, amount_residual_signed,
            checked, posted_before, create_uid, write_uid, create_date, write_date)
        SELECT p.payment_move_id, p.name, p.sequence_prefix, p.sequence_number,
               (%(bank_journal_ids)s::int[])[p.company_slot], (%(company_ids)s::int[])[p.company_slot],
               p.customer_id, p.customer_id, p.currency_id, 'posted', 'entry', 'no', 'not_paid',
               'Payment of ' || p.invoice_name, p.pay_date, 1, 0, 0, p.amount_currency, 0, 0, 0, 0,
               p.balance, p.amount_currency, 0, true, true, 1, 1,
               p.pay_date + make_interval(hours => 15), p.pay_date + make_interval(hours => 15)
          FROM dg_payment p;

        INSERT INTO account_full_reconcile (id, create_uid, write_uid, create_date, write_date)
        SELECT p.full_id, 1, 1, p.pay_date + make_interval(hours => 15), p.pay_date + make_interval(hours => 15)
          FROM dg_payment p;

        INSERT INTO account_move_line (
            id, move_id, journal_id, company_id, company_currency_id, account_id, currency_id,
            partner_id, move_name, parent_state, ref, name, display_type, sequence, date,
            quantity, price_unit, discount, price_subtotal, price_total,
            amount_currency, balance, debit, credit, amount_residual, amount_residual_currency,
            reconciled, full_reconcile_id, matching_number, create_uid, write_uid, create_date, write_date)
        SELECT l.id, p.payment_move_id, (%(bank_journal_ids)s::int[])[p.company_slot],
               (%(company_ids)s::int[])[p.company_slot], (%(company_currency_ids)s::int[])[p.company_slot],
               l.account_id, p.currency_id, p.customer_id, p.name, 'posted', '', 'Payment of ' || p.invoice_name,
               'product', 10, p.pay_date, 1, 0, 0, 0, 0,
               l.sign * p.amount_currency, l.sign * p.balance,
               CASE WHEN l.sign > 0 THEN p.balance ELSE 0 END, CASE WHEN l.sign < 0 THEN p.balance ELSE 0 END,
               0, 0, l.is_receivable, CASE WHEN l.is_receivable THEN p.full_id END,
               CASE WHEN l.is_receivable THEN p.full_id::text END, 1, 1,
               p.pay_date + make_interval(hours => 15), p.pay_date + make_interval(hours => 15)
          FROM dg_payment p
               CROSS JOIN LATERAL (
                   VALUES (p.bank_line_id, (%(bank_account_ids)s::int[])[p.company_slot], 1, false),
                          (p.receivable_line_id, (%(receivable_account_ids)s::int[])[p.company_slot], -1, true)
               ) AS l(id, account_id, sign, is_receivable);

        INSERT INTO account_partial_reconcile (
            debit_move_id, credit_move_id, full_reconcile_id, debit_currency_id,
            credit_currency_id, amount, debit_amount_currency, credit_amount_currency, company_id, max_date,
            create_uid, write_uid, create_date, write_date)
        SELECT p.invoice_line_id, p.receivable_line_id, p.full_id,
               p.currency_id, p.currency_id, p.balance, p.amount_currency, p.amount_currency,
               (%(company_ids)s::int[])[p.company_slot], p.pay_date, 1, 1,
               p.pay_date + make_interval(hours => 15), p.pay_date + make_interval(hours => 15)
          FROM dg_payment p;
        """,
        params,
    )
