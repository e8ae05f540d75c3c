"""Small reference data the volume needs, created through the ORM.

Companies, charts of accounts, currencies and their rates, products, sales
teams and salespeople are few and full of business rules (a chart of accounts
alone creates hundreds of records), so they go through the ORM where Odoo
applies those rules. Everything that grows with the number of customers is
written in SQL by :mod:`datagen.volume`.
"""

import math
from dataclasses import dataclass, field
from datetime import date

from dateutil.relativedelta import relativedelta

SECOND_COMPANY_NAME = "Customer Value Europe"

# (name, list price, cost, service?) — a catalogue whose prices span two
# orders of magnitude, so that order values are not all alike.
PRODUCT_CATALOGUE = [
    ("Office Chair", 189.0, 95.0, False),
    ("Standing Desk", 640.0, 380.0, False),
    ("Monitor 27in", 310.0, 205.0, False),
    ("Laptop Pro 14", 1450.0, 1010.0, False),
    ("Docking Station", 220.0, 120.0, False),
    ("Wireless Headset", 95.0, 41.0, False),
    ("Printer Paper Box", 32.0, 18.0, False),
    ("Toner Cartridge", 78.0, 39.0, False),
    ("Conference Phone", 420.0, 260.0, False),
    ("Server Rack 42U", 2300.0, 1540.0, False),
    ("Installation Service", 120.0, 70.0, True),
    ("Support Contract (year)", 900.0, 310.0, True),
    ("Training Day", 650.0, 280.0, True),
    ("Consulting Hour", 140.0, 62.0, True),
    ("Cloud Backup (year)", 360.0, 90.0, True),
]

SALESPEOPLE = [
    ("Alice Moreau", "Direct Sales"),
    ("Bruno Keller", "Direct Sales"),
    ("Carmen Ruiz", "Direct Sales"),
    ("Deepak Rao", "Key Accounts"),
    ("Elena Petrova", "Key Accounts"),
    ("Farid Haddad", "Key Accounts"),
]


@dataclass
class CompanyRefs:
    """What the SQL steps need to know about one company."""

    company: object
    sale_journal_id: int
    receivable_account_id: int
    income_account_id: int
    foreign_currency_id: int
    bank_journal_id: int
    bank_journal_code: str
    bank_account_id: int


@dataclass
class ReferenceData:
    companies: list = field(default_factory=list)  # list[CompanyRefs]
    product_ids: list = field(default_factory=list)
    product_prices: list = field(default_factory=list)
    product_costs: list = field(default_factory=list)
    product_names: list = field(default_factory=list)
    user_ids: list = field(default_factory=list)
    team_ids: list = field(default_factory=list)  # team of each salesperson
    uom_id: int = 0


def ensure_reference_data(env, n_companies, date_from, date_to):
    """Create (or find again) the reference data; idempotent for reruns."""
    refs = ReferenceData()
    companies = _ensure_companies(env, n_companies)
    for company in companies:
        foreign = _ensure_foreign_currency(env, company)
        _ensure_monthly_rates(env, company, foreign, date_from, date_to)
        journal = env["account.journal"].search(
            [("company_id", "=", company.id), ("type", "=", "sale")], limit=1
        )
        if not journal:
            raise RuntimeError(f"Company {company.name} has no sales journal: load a chart of accounts first.")
        receivable = env["res.partner"].with_company(company).new({}).property_account_receivable_id
        income = journal.default_account_id
        # Customers pay into the bank: a plain entry on the bank account (no
        # payment record, no statement), reconciled with the invoice.
        bank = env["account.journal"].search([("company_id", "=", company.id), ("type", "=", "bank")], limit=1)
        refs.companies.append(
            CompanyRefs(
                company=company,
                sale_journal_id=journal.id,
                receivable_account_id=receivable.id,
                income_account_id=income.id,
                foreign_currency_id=foreign.id,
                bank_journal_id=bank.id,
                bank_journal_code=bank.code,
                bank_account_id=bank.default_account_id.id,
            )
        )
    _ensure_products(env, refs, companies)
    _ensure_sales_force(env, refs, companies)
    return refs


def _ensure_companies(env, n_companies):
    main = env.ref("base.main_company")
    _ensure_chart(env, main)
    companies = [main]
    if n_companies >= 2:
        eur = env.ref("base.EUR")
        eur.active = True
        currency = eur if main.currency_id != eur else env.ref("base.USD")
        second = env["res.company"].search([("name", "=", SECOND_COMPANY_NAME)], limit=1)
        if not second:
            second = env["res.company"].create({"name": SECOND_COMPANY_NAME, "currency_id": currency.id})
        # The demo's administrator (not only the superuser running this) sees both companies.
        for user in env.user | env.ref("base.user_admin"):
            user.company_ids |= second
        _ensure_chart(env, second)
        # Loading the generic chart gives the company the chart's currency
        # (USD): a European company keeps its euro, set again while it has
        # no journal items yet.
        if second.currency_id != currency and not env["account.move.line"].search_count(
                [("company_id", "=", second.id)], limit=1):
            second.currency_id = currency
        companies.append(second)
    return companies


def _ensure_chart(env, company):
    if not company.chart_template:
        env["account.chart.template"].try_loading("generic_coa", company, install_demo=False)


def _ensure_foreign_currency(env, company):
    """The second currency of a company: EUR for a USD company, else USD."""
    usd, eur = env.ref("base.USD"), env.ref("base.EUR")
    foreign = eur if company.currency_id != eur else usd
    foreign.active = True
    return foreign


def _ensure_monthly_rates(env, company, currency, date_from, date_to):
    """One rate a month, drifting around 0.92 units per company-currency unit."""
    rates = env["res.currency.rate"].search(
        [("currency_id", "=", currency.id), ("company_id", "=", company.id)]
    )
    existing = set(rates.mapped("name"))
    values = []
    month = date(date_from.year, date_from.month, 1)
    index = 0
    while month <= date_to:
        if month not in existing:
            rate = round(0.92 + 0.05 * math.sin(index / 3.0), 6)
            if company.currency_id.name == "EUR":
                rate = round(1 / rate, 6)
            values.append({"name": month, "rate": rate, "currency_id": currency.id, "company_id": company.id})
        month += relativedelta(months=1)
        index += 1
    env["res.currency.rate"].create(values)


def _ensure_products(env, refs, companies):
    product_model = env["product.product"]
    refs.uom_id = env.ref("uom.product_uom_unit").id
    for name, price, cost, is_service in PRODUCT_CATALOGUE:
        product = product_model.search([("default_code", "=", f"DG-{name}")], limit=1)
        if not product:
            product = product_model.create(
                {
                    "name": name,
                    "default_code": f"DG-{name}",
                    "list_price": price,
                    "standard_price": cost,
                    "type": "service" if is_service else "consu",
                    "invoice_policy": "order",
                    "taxes_id": [(5,)],
                    "company_id": False,
                }
            )
        # The cost is per company in Odoo 18 (a company-dependent field):
        # without it the second company's profit would equal its revenue.
        for company in companies:
            product.with_company(company).standard_price = cost
        refs.product_ids.append(product.id)
        refs.product_prices.append(price)
        refs.product_costs.append(cost)
        refs.product_names.append(name)


def _ensure_sales_force(env, refs, companies):
    team_model = env["crm.team"]
    teams = {}
    salesman_group = env.ref("sales_team.group_sale_salesman")
    for name, team_name in SALESPEOPLE:
        login = "dg." + name.split()[0].lower()
        user = env["res.users"].with_context(active_test=False).search([("login", "=", login)], limit=1)
        if not user:
            user = env["res.users"].with_context(no_reset_password=True).create(
                {
                    "name": name,
                    "login": login,
                    "email": f"{login}@example.com",
                    "company_id": companies[0].id,
                    "company_ids": [(6, 0, [c.id for c in companies])],
                    "groups_id": [(4, salesman_group.id)],
                }
            )
        if team_name not in teams:
            teams[team_name] = team_model.search([("name", "=", team_name)], limit=1) or team_model.create(
                {"name": team_name, "company_id": False}
            )
        team = teams[team_name]
        if user not in team.member_ids:
            team.member_ids |= user
        refs.user_ids.append(user.id)
        refs.team_ids.append(team.id)
