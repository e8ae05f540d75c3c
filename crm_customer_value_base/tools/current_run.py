"""Partner fields that show a column of the company's current run.

A run stores one row per customer (an RFM snapshot, a CLV score, a value
line), and the company points at its current run. The partner fields read
those rows through that pointer instead of holding a copy: publishing a run
is then writing one pointer on the company. Copying a run onto the partners
rewrote up to a million res_partner rows, each with dozens of indexes, and
cost more than computing the run itself.

The fields stay what a user expects of partner fields: the form and lists
show them, and partners can be searched, grouped and sorted by them. The
values are those of the current run of the user's current company, as for
Odoo's company-dependent fields.
"""

from odoo.models import BaseModel
from odoo.tools import SQL


class CurrentRunColumns:
    """Partner fields mapped to the columns of one run model's rows.

    ``model``: the run rows' model, with ``partner_id`` and the run's
    many2one ``run_column``;
    ``current_run_field``: the company's many2one to its current run;
    ``columns``: partner field name -> column of the rows;
    ``compute``: the partner method that calls :meth:`compute`;
    ``pick``: which row a partner shows when it has several in one run (the
    rows of partners merged since the run point to the merged partner): the
    first one in this SQL order.
    """

    def __init__(self, model, current_run_field, columns, compute, pick="id", run_column="run_id"):
        self.model = model
        self.run_column = run_column
        self.compute_method = compute
        self.current_run_field = current_run_field
        self.columns = columns
        self.pick = pick

    def current_run_id(self, env):
        return env.company.sudo()[self.current_run_field].id

    def compute(self, partners, field_names=None):
        """Assign ``field_names`` (default: all the fields) of ``partners``
        from their rows of the current run."""
        field_names = field_names or list(self.columns)
        # Odoo checks a field's groups when it reads a stored field, not when
        # it computes one: checked here, so that restricted fields stay
        # restricted (the fields of one compute method share their groups).
        partners.check_field_access_rights("read", field_names)
        run_id = self.current_run_id(partners.env)
        ids = [partner_id for partner_id in partners._origin.ids if partner_id]
        rows_by_partner = {}
        if run_id and ids:
            rows = partners.env[self.model].sudo().browse(self._picked_row_ids(partners.env, run_id, ids))
            rows.fetch(["partner_id", *(self.columns[name] for name in field_names)])
            rows_by_partner = {row.partner_id.id: row for row in rows}
        for partner in partners:
            row = rows_by_partner.get(partner._origin.id)
            for field_name in field_names:
                value = row[self.columns[field_name]] if row else False
                partner[field_name] = value.id if isinstance(value, BaseModel) else value

    def _picked_row_ids(self, env, run_id, partner_ids):
        env.cr.execute(SQL(
            "SELECT DISTINCT ON (partner_id) id FROM %s WHERE %s = %s AND partner_id = ANY(%s)"
            " ORDER BY partner_id, %s",
            SQL.identifier(env[self.model]._table), SQL.identifier(self.run_column), run_id, partner_ids,
            SQL(self.pick),
        ))
        return [row_id for row_id, in env.cr.fetchall()]

    def field_options(self, field_name, compute=None):
        """The options of the partner field ``field_name``: computed (by
        ``compute`` if given, else by the ``compute`` of these columns),
        searchable, read-only."""
        # Odoo does not tell a search method which field it searches, so
        # each field gets its own function.
        def search(partners, operator, value):
            return self.search_domain(partners, field_name, operator, value)
        search.__name__ = f"_search_{field_name}"
        return {"compute": compute or self.compute_method, "search": search, "readonly": True}

    def search_domain(self, partners, field_name, operator, value):
        """Domain on partners for ``(field_name, operator, value)``.

        The condition is applied to the rows of the current run. A partner
        without a row reads as empty: it matches when an empty value does
        (``segment is not set``, ``score != 545``), as a stored field would.
        """
        partners.check_field_access_rights("read", [field_name])
        rows = partners.env[self.model].sudo()
        run_id = self.current_run_id(partners.env) or None
        column = self.columns[field_name]
        matching = rows._search([(self.run_column, "=", run_id), (column, operator, value)])
        domain = [("id", "in", matching.subselect(SQL.identifier(rows._table, "partner_id")))]
        if rows.new({}).filtered_domain([(column, operator, value)]):
            with_row = rows._search([(self.run_column, "=", run_id)])
            domain = ["|", *domain, ("id", "not in", with_row.subselect(SQL.identifier(rows._table, "partner_id")))]
        return domain

    def field_sql(self, partners, alias, field_name, query=None):
        """SQL value of the field for the partner row ``alias``: grouping and sorting.

        With the partners' ``query``, the rows of the current run are joined
        once (one row per partner, as ``pick`` says), so grouping a million
        partners is one hash join; without it, a lookup per partner.
        """
        partners.check_field_access_rights("read", [field_name])
        table = partners.env[self.model]._table
        column = SQL.identifier(self.columns[field_name])
        run_id = self.current_run_id(partners.env) or None
        if query is not None:
            rows_alias = query.make_alias(alias, f"current_{table}")
            query.add_join(
                "LEFT JOIN", rows_alias,
                SQL(
                    "(SELECT DISTINCT ON (partner_id) * FROM %(table)s WHERE %(run_column)s = %(run)s"
                    " ORDER BY partner_id, %(pick)s)",
                    table=SQL.identifier(table), run_column=SQL.identifier(self.run_column), run=run_id,
                    pick=SQL(self.pick),
                ),
                SQL("%s = %s", SQL.identifier(rows_alias, "partner_id"), SQL.identifier(alias, "id")),
            )
            return SQL.identifier(rows_alias, self.columns[field_name])
        return SQL(
            "(SELECT r.%(column)s FROM %(table)s r WHERE r.%(run_column)s = %(run)s AND r.partner_id = %(partner)s"
            " ORDER BY %(pick)s LIMIT 1)",
            column=column, table=SQL.identifier(table), run_column=SQL.identifier(self.run_column),
            run=run_id, partner=SQL.identifier(alias, "id"), pick=SQL(self.pick),
        )

    def company_field_sql(self, env, field_name, company, partner):
        """SQL value of the field for the partner ``partner`` (an SQL
        expression) in the current run of the company ``company`` (an SQL
        expression), whatever the user's company: for reports whose rows
        each belong to a company. No access check: the caller's report
        declares its own fields and groups."""
        model = env[self.model]
        return SQL(
            "(SELECT %(column)s FROM %(table)s WHERE %(run_column)s ="
            " (SELECT %(current)s FROM res_company WHERE id = %(company)s)"
            " AND partner_id = %(partner)s ORDER BY %(pick)s LIMIT 1)",
            column=SQL.identifier(self.columns[field_name]), table=SQL.identifier(model._table),
            run_column=SQL.identifier(self.run_column), current=SQL.identifier(self.current_run_field),
            company=company, partner=partner, pick=SQL(self.pick),
        )
