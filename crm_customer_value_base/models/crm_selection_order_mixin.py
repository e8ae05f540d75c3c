"""Selection fields whose options have an order of their own.

Odoo sorts and groups a selection field by its stored value: the pyramid
levels came out Big, Inactive, Medium, Prospect, Small, Top in every chart,
pivot, grouped list and export. A model lists such fields in
``_selection_ordered_fields()`` (a method, so that several addons extending
one model each add theirs); they then sort in the order of their options,
in every language, when grouped (read_group: charts, pivots, grouped lists
and exports) and when a list is sorted by them.
"""

from odoo import models
from odoo.models import regex_order
from odoo.tools import SQL


class CrmSelectionOrderMixin(models.AbstractModel):
    _name = "crm.selection.order.mixin"
    _description = "Selection fields sorted in the order of their options"

    def _selection_ordered_fields(self):
        """Names of the selection fields sorted in the order of their options."""
        return frozenset()

    def _selection_order_sql(self, field_name, sql_field, direction, nulls):
        """``sql_field`` sorted by the position of its value among the field's options (unknown values last)."""
        values = self._fields[field_name].get_values(self.env)
        return SQL(
            "array_position(%s::varchar[], %s::varchar) %s %s", values, sql_field, direction,
            nulls or SQL("NULLS LAST"),
        )

    def _order_field_to_sql(self, alias, field_name, direction, nulls, query):
        if field_name in self._selection_ordered_fields():
            sql_field = self._field_to_sql(alias, field_name, query)
            return self._selection_order_sql(field_name, sql_field, direction, nulls)
        return super()._order_field_to_sql(alias, field_name, direction, nulls, query)

    def _read_group_orderby(self, order, groupby_terms, query):
        ordered = [term for term in groupby_terms if term in self._selection_ordered_fields()]
        if not ordered:
            return super()._read_group_orderby(order, groupby_terms, query)
        # Without an order, groups come in the order of the group-bys (as Odoo does).
        terms = []
        for part in (order or ",".join(groupby_terms)).split(","):
            match = regex_order.match(part)
            term = match and match["term"]
            if term in ordered:
                direction = SQL("DESC") if (match["direction"] or "").upper() == "DESC" else SQL("ASC")
                nulls = (match["nulls"] or "").upper()
                terms.append(self._selection_order_sql(
                    term, groupby_terms[term], direction, SQL(nulls) if nulls else SQL()))
            else:
                terms.append(super()._read_group_orderby(part, groupby_terms, query))
        return SQL(", ").join(term for term in terms if term)
