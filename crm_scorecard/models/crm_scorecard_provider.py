from odoo import api, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from odoo.addons.crm_customer_value_base.tools.periods import day_periods_sql


class CrmScorecardProvider(models.AbstractModel):
    """A family of built-in KPIs: the codes it computes, how it computes
    them over every period at once, and the records behind one value.

    The engine (crm.scorecard.engine) is apart from the configuration: a KPI
    record says what to show; its provider computes it. To add a built-in
    KPI, add its record (``formula_type`` builtin) and a provider that lists
    its code in ``_provider_codes``: a new model inheriting this one, in the
    addon that owns the data. A code no provider computes is refused when
    the KPI is saved and when the scorecard is computed.
    """

    _name = "crm.scorecard.provider"
    _description = "Scorecard KPI provider"

    # The KPI codes this provider computes.
    _provider_codes = ()

    @api.model
    def _providers(self):
        """{KPI code: provider} of every installed provider."""
        providers = {}
        for name in sorted(self._inherit_children):
            provider = self.env[name]
            for code in provider._provider_codes:
                providers[code] = provider
        return providers

    @api.model
    def _check_provided(self, kpis, error=UserError):
        """Refuse the built-in KPIs among ``kpis`` that no provider computes."""
        providers = self._providers()
        unprovided = sorted({kpi.code for kpi in kpis if kpi.formula_type == "builtin" and kpi.code not in providers})
        if unprovided:
            raise error(self.env._(
                "No installed addon computes these KPI codes: %(codes)s. Check the spelling of the code, make "
                "the KPI a formula over other KPIs, or install the addon that computes it.",
                codes=", ".join(unprovided),
            ))

    # ------------------------------------------------------------------
    # What a provider implements
    # ------------------------------------------------------------------

    def _provider_compute(self, company, periods, by_team):
        """Fill ``by_team[team id or None][code][period index]`` for this provider's codes.

        ``periods``: the (first day, last day) of each period. None is the
        whole company; a team's values are those of its customers. The
        temporary tables of the engine (crm_scorecard_purchase,
        crm_scorecard_customer, crm_scorecard_spell) are there to read.
        """
        raise NotImplementedError(f"{self._name} computes no KPI")

    def _provider_open_records(self, value):
        """The window action on the records behind ``value`` (a crm.scorecard.value of one of this
        provider's codes); by default the customers active at the end of its period."""
        return self.env["crm.scorecard.provider.customers"]._open_active_customers(value)

    # ------------------------------------------------------------------
    # Helpers shared by the providers
    # ------------------------------------------------------------------

    @api.model
    def _by_team(self, rows, by_team):
        """{(period index, team id or None): rest of the row} of a query grouped by team.

        Rows are ``(idx, grouped, team_id, *rest)`` from ``GROUPING SETS
        ((idx, ...), (idx, team, ...))``: ``grouped`` is false on the company
        total, kept under None. Grouped rows of customers without a team (or
        of a team the company does not have) are dropped, so they can never
        be mistaken for the total.
        """
        result = {}
        for idx, grouped, team_id, *rest in rows:
            if not grouped:
                result[idx, None] = rest
            elif team_id is not None and team_id in by_team:
                result[idx, team_id] = rest
        return result

    @api.model
    def _day_periods(self, periods):
        """The periods as an SQL table ``p(idx, date_from, date_to)``."""
        return day_periods_sql(periods)

    @api.model
    def _month_periods(self, starts, ends):
        """The periods as an SQL table ``p(idx, s, e)`` of month indexes (lib.scorecard.month_index)."""
        return SQL(
            "unnest(%s::int[], %s::int[], %s::int[]) AS p(idx, s, e)",
            list(range(len(starts))), starts, ends,
        )
