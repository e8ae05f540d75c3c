"""Periods as an SQL table, for statements that compute one value per period."""

from odoo.tools import SQL


def day_periods_sql(periods):
    """``periods`` [(first day, last day)] as the SQL table ``p(idx, date_from, date_to)``, idx from 0."""
    return SQL(
        "unnest(%s::int[], %s::date[], %s::date[]) AS p(idx, date_from, date_to)",
        list(range(len(periods))), [start for start, _end in periods], [end for _start, end in periods],
    )
