"""The recompute steps the benchmark times, registered by the addons' issues.

A step names:
- ``run(env)``: our implementation, called in a fresh Odoo process on the
  benchmark database (its peak memory is that process's);
- ``lower_bound_sql``: one statement computing the same result into a
  temporary table, the fastest PostgreSQL can do it, timed in the same run;
- ``addon``: the addon it belongs to.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    name: str
    addon: str
    run: Callable
    lower_bound_sql: str


def _purchase_facts_lower_bound():
    # Net untaxed revenue, purchase count and last purchase per commercial
    # partner: the aggregate every analysis starts from.
    return """
        CREATE TEMP TABLE bench_lower_bound AS
        SELECT commercial_partner_id, company_id,
               count(*) FILTER (WHERE move_type = 'out_invoice') AS purchases,
               max(invoice_date) FILTER (WHERE move_type = 'out_invoice') AS last_purchase,
               sum(amount_untaxed_signed) AS net_revenue
          FROM account_move
         WHERE state = 'posted' AND move_type IN ('out_invoice', 'out_refund')
         GROUP BY commercial_partner_id, company_id
    """


def _purchase_facts_orm_read_group(env):
    """What stock Odoo offers today: one _read_group over the invoices."""
    return env["account.move"]._read_group(
        [("state", "=", "posted"), ("move_type", "in", ("out_invoice", "out_refund"))],
        ["commercial_partner_id", "company_id"],
        ["amount_untaxed_signed:sum", "__count", "invoice_date:max"],
    )


STEPS = [
    Step(
        name="purchase facts (stock Odoo _read_group)",
        addon="base",
        run=_purchase_facts_orm_read_group,
        lower_bound_sql=_purchase_facts_lower_bound(),
    ),
]
