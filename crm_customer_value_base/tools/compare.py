"""Comparing a run with a baseline (the method's "measure again").

A run's rows show what each customer is now; the transition and migration
matrices put beside it what the customer was in the run compared with: the
run's previous run by default, or a baseline the user chose, passed in the
context under the row model's key. The baseline's rows are read by
customer, so filtering a matrix cell's customers is one lookup of the
baseline, not one per row of the history.
"""

from odoo.tools import SQL


def baseline_run_id(env, context_key, run_model):
    """The baseline run of the context (an id of ``run_model``), or None:
    compare with each run's previous run. The rows of the baseline are read
    in SQL: a run the user may not read (another company's, through a
    crafted context) is refused here."""
    run_id = env.context.get(context_key)
    if not (isinstance(run_id, int) and run_id > 0):
        return None
    env[run_model].browse(run_id).check_access("read")
    return run_id


def domain_on_baseline_value(env, baseline_rows, condition_on):
    """A domain on ``partner_id``: the rows whose customer's value in the
    baseline satisfies ``condition_on``.

    ``baseline_rows`` is a query of one row per customer of the baseline,
    with the columns ``partner_id`` and ``value``; a customer absent from it
    has no value (NULL). ``condition_on(expression)`` returns the SQL
    condition on ``expression``; it is tried on NULL once to know whether
    the absent customers satisfy it (``= False`` does, ``= 'top'`` does not).
    """
    env.cr.execute(SQL("SELECT (%s) IS TRUE", condition_on(SQL("NULL"))))
    holds_when_absent = env.cr.fetchone()[0]
    if holds_when_absent:
        failing = SQL(
            "(SELECT b.partner_id FROM (%s) b WHERE (%s) IS NOT TRUE)", baseline_rows, condition_on(SQL("b.value")))
        return [("partner_id", "not in", failing)]
    holding = SQL("(SELECT b.partner_id FROM (%s) b WHERE %s)", baseline_rows, condition_on(SQL("b.value")))
    return [("partner_id", "in", holding)]
