"""18.0.1.1.0: profit and cost KPIs are confidential (Customer Value Managers only).

The KPI catalogue is noupdate data, so the new flag is set here on the
shipped profit and cost KPIs and on every formula KPI built on them. Stored
values are untouched: the new record rules hide them from other users.
"""

from odoo import SUPERUSER_ID, api

CONFIDENTIAL = ("kpi_profit_after_cost_to_serve", "kpi_profit_per_customer", "kpi_cost_to_serve_pct")


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    Kpi = env["crm.scorecard.kpi"].with_context(active_test=False)
    for xmlid in CONFIDENTIAL:
        kpi = env.ref(f"crm_scorecard.{xmlid}", raise_if_not_found=False)
        if kpi:
            kpi.confidential = True
    # Formulas over the confidential KPIs follow them.
    Kpi.search([("formula_type", "=", "formula")])._compute_confidential()
