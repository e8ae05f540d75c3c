"""18.0.1.2.0: the partners read their value and pyramid level from the lines
of the current run instead of holding a copy (crm_rfm's tools/current_run.py):
the lines already hold every value, and the five partner columns go (Odoo
keeps the column of a field that is no longer stored). The lines and their
costs lose their foreign keys (crm_rfm's crm.run.rows.mixin)."""

from odoo.tools import SQL

from odoo.addons.crm_customer_value_base.tools.schema import drop_foreign_keys

PARTNER_COLUMNS = ["value_revenue", "value_cogs", "value_cost_to_serve", "value_profit", "value_pyramid_level"]


def migrate(cr, version):
    # crm_scorecard's satisfaction report read these columns; the addon
    # depends on this one, so it is updated next and recreates its view.
    cr.execute(SQL("DROP VIEW IF EXISTS crm_satisfaction_report"))
    for column in PARTNER_COLUMNS:
        cr.execute(SQL("ALTER TABLE res_partner DROP COLUMN IF EXISTS %s", SQL.identifier(column)))
    drop_foreign_keys(cr, "crm_value_line")
    drop_foreign_keys(cr, "crm_value_line_cost")
