import psycopg2.errors

from odoo import api, fields, models
from odoo.tools import SQL, mute_logger


class RowMany2one(fields.Many2one):
    """A stored many2one of run rows, or to run rows: no foreign key in the
    database (see :class:`CrmRunRowsMixin`). Otherwise an ordinary many2one.

    Only the foreign key is left out: the table stays an ordinary table for
    the rest of Odoo (an import-compatible export, with the ``id`` column,
    refuses tables that are not). ``type`` stays ``many2one``: Odoo keeps the
    first class of each type for custom fields, so this one replaces nothing.
    """

    def update_db_foreign_key(self, model, column):
        return


class CrmRunRowsMixin(models.AbstractModel):
    """Rows a run writes by the hundred thousand, one or more per customer
    (RFM snapshots, CLV scores, value lines and their costs): kept without
    foreign keys, their integrity kept by the code instead.

    PostgreSQL checks a foreign key row by row, with a query that also locks
    the referenced row. Measured at 650,000 customers: inserting a run's
    snapshot took 29.6 s with the foreign keys of its four many2one columns,
    against 3.4 s for the same rows and indexes without them; the checks cost
    more than computing the scores. Their many2one fields are
    :class:`RowMany2one`, which create none.

    What a foreign key did, done here or by the models that use the rows:
    - a run deleted: its rows are deleted with it (the run models' unlink
      and history pruning);
    - a partner deleted: its rows are deleted (``_forget_partners``, called
      by res.partner's unlink);
    - partners merged: their rows follow the kept partner
      (``_merge_partners``, called by the merge wizard);
    - a segment or a cost driver used by rows cannot be deleted (their own
      unlink checks), as they are archived rather than deleted.
    """

    _name = "crm.run.rows.mixin"
    _description = "Rows of a run, without foreign keys"

    @api.model
    def _row_models_with_partners(self):
        return [
            self.env[name] for name in self._inherit_children
            if (field := self.env[name]._fields.get("partner_id")) and field.store
        ]

    @api.model
    def _forget_partners(self, partner_ids):
        """Delete the rows of the partners ``partner_ids`` from every run."""
        for rows in self._row_models_with_partners():
            rows._delete_rows(SQL("partner_id = ANY(%s)", list(partner_ids)))

    def _delete_rows(self, condition):
        """Delete the rows of this model that meet ``condition`` (SQL); models
        whose rows own other rows delete those first. Returns how many rows of
        this model were deleted."""
        self.env.flush_all()
        self.env.cr.execute(SQL("DELETE FROM %s WHERE %s", SQL.identifier(self._table), condition))
        deleted = self.env.cr.rowcount
        self.invalidate_model()
        return deleted

    @api.model
    def _merge_partners(self, src_ids, dst_id):
        """Point the rows of the merged partners ``src_ids`` to ``dst_id``.

        As Odoo's merge wizard does for a table with a foreign key: where a
        unique constraint refuses it (one value per customer and run), the
        merged partners' rows are deleted.
        """
        for rows in self._row_models_with_partners():
            table = SQL.identifier(rows._table)
            try:
                with mute_logger("odoo.sql_db"), self.env.cr.savepoint():
                    self.env.cr.execute(SQL(
                        "UPDATE %s SET partner_id = %s WHERE partner_id = ANY(%s)", table, dst_id, list(src_ids)
                    ))
            except psycopg2.errors.UniqueViolation:
                rows._delete_rows(SQL("partner_id = ANY(%s)", list(src_ids)))
            rows.invalidate_model()
