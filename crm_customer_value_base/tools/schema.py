"""Schema changes shared by the upgrade scripts of the addons."""

from odoo.tools import SQL
from odoo.tools.sql import column_exists

from .access import VALUE_MANAGER_XMLIDS


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


def move_company_setting(cr, old_column, new_column):
    """Copy each company's ``old_column`` into ``new_column`` (a setting that
    moved to crm_customer_value_base under another name), if the old column
    is still there: Odoo keeps the column of a field it no longer knows."""
    if column_exists(cr, "res_company", old_column) and column_exists(cr, "res_company", new_column):
        cr.execute(SQL(
            "UPDATE res_company SET %s = %s WHERE %s IS NOT NULL",
            SQL.identifier(new_column), SQL.identifier(old_column), SQL.identifier(old_column),
        ))


def install_bridge(cr, bridge, dependency):
    """Mark the auto-installed addon ``bridge`` to be installed in this
    upgrade when ``dependency`` (its dependency besides the addon being
    upgraded) is installed.

    For an upgrade script of the addon a bridge takes something from: Odoo
    auto-installs a module along with a dependency being installed, never
    with one being upgraded, and the modules marked during an upgrade are
    installed in the same run (odoo.modules.loading loads the modules marked
    "to install" after the upgraded ones).
    """
    cr.execute(SQL(
        """
        UPDATE ir_module_module SET state = 'to install'
         WHERE name = %s AND state = 'uninstalled'
           AND EXISTS (SELECT 1 FROM ir_module_module
                        WHERE name = %s AND state IN ('installed', 'to upgrade'))
        """,
        bridge, dependency,
    ))
    return cr.rowcount


def move_value_manager_group(cr):
    """Give the Customer Value Manager group and its category, declared by
    crm_value_pyramid before its 18.0.1.5.0, to crm_customer_value_base,
    which declares them now (crm_rfm restricts its money fields to them
    too). The records keep their ids and members: only the owner of their
    xml ids changes, so that no upgrade deletes them as data its module no
    longer declares.

    Called by both addons' pre-upgrade scripts: whichever is upgraded first
    moves them, the other finds nothing left to move."""
    cr.execute(SQL(
        "UPDATE ir_model_data SET module = 'crm_customer_value_base'"
        " WHERE module = 'crm_value_pyramid' AND name = ANY(%s)",
        list(VALUE_MANAGER_XMLIDS),
    ))
    return cr.rowcount
