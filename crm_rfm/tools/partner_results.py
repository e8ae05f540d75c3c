"""Copy a run's per-customer results into company-dependent partner fields.

The RFM run and the value pyramid run both publish their latest results on
``res.partner`` as company-dependent fields (one jsonb column each, keyed by
company id), so that partner lists can filter and group on them. Both write
them the same way, with two set-based statements built here.
"""

from odoo.tools import SQL


def copy_run_to_partners(cr, *, run_table, run_id, company_id, fields, marker_field):
    """Publish the rows of ``run_table`` with ``run_id`` on the partners of ``company_id``.

    ``fields`` maps each partner field to the column of ``run_table`` that
    holds its value; ``marker_field`` is one of them that every published
    partner has (its key is how a partner is known to hold results).

    Only partners whose values changed are written: from one run to the
    next most customers keep theirs, and each rewritten res_partner row
    costs a new row version and an entry in each of its many indexes.
    Partners published by an earlier run but absent from this one lose
    their key, so they read as empty.
    """
    key = str(company_id)

    def run_value(column):
        return SQL("COALESCE(to_jsonb(s.%s), 'null'::jsonb)", SQL.identifier(column))

    set_values = SQL(", ").join(
        SQL("%(field)s = COALESCE(p.%(field)s, '{}'::jsonb) || jsonb_build_object(%(key)s, %(value)s)",
            field=SQL.identifier(field), key=key, value=run_value(column))
        for field, column in fields.items()
    )
    changed = SQL(" OR ").join(
        SQL("p.%(field)s -> %(key)s IS DISTINCT FROM %(value)s",
            field=SQL.identifier(field), key=key, value=run_value(column))
        for field, column in fields.items()
    )
    cr.execute(SQL(
        "UPDATE res_partner p SET %s FROM %s s WHERE s.run_id = %s AND p.id = s.partner_id AND (%s)",
        set_values, SQL.identifier(run_table), run_id, changed,
    ))

    # The stale partners as a set difference: the planner cannot estimate
    # how many partners hold a jsonb key (it guesses a handful), so NOT
    # EXISTS turns into a nested loop, and NOT IN over a million run rows
    # no longer fits a hashed subplan and degrades to a scan per partner.
    # EXCEPT is a hash or sort of both sides whatever the estimates.
    clear_values = SQL(", ").join(
        SQL("%(field)s = p.%(field)s - %(key)s", field=SQL.identifier(field), key=key)
        for field in fields
    )
    cr.execute(SQL(
        """
        UPDATE res_partner p SET %(clear)s
          FROM (SELECT id FROM res_partner WHERE %(marker)s ? %(key)s
                EXCEPT
                SELECT partner_id FROM %(run_table)s WHERE run_id = %(run_id)s) stale
         WHERE p.id = stale.id
        """,
        clear=clear_values, marker=SQL.identifier(marker_field), key=key,
        run_table=SQL.identifier(run_table), run_id=run_id,
    ))
