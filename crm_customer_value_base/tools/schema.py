"""Schema changes shared by the upgrade scripts of the addons."""

from odoo.tools import SQL


def drop_foreign_keys(cr, table):
    """Drop the foreign keys of ``table`` and forget them in ir.model.constraint.

    For the tables of run rows (crm.run.rows.mixin), which databases made
    before the mixin have with foreign keys.
    """
    cr.execute(SQL(
        "SELECT conname FROM pg_constraint WHERE conrelid = to_regclass(%s) AND contype = 'f'", table,
    ))
    names = [name for name, in cr.fetchall()]
    for name in names:
        cr.execute(SQL("ALTER TABLE %s DROP CONSTRAINT %s", SQL.identifier(table), SQL.identifier(name)))
    if names:
        cr.execute(SQL("DELETE FROM ir_model_constraint WHERE type = 'f' AND name = ANY(%s)", names))
