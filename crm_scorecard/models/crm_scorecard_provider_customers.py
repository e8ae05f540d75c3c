from collections import defaultdict
from itertools import product

from dateutil.relativedelta import relativedelta

from odoo import models
from odoo.tools import SQL

from ..lib import scorecard


class CrmScorecardProviderCustomers(models.AbstractModel):
    """Customers and revenue: who is active, new, churned, retained, and what they bought.

    A customer is active at a date when he bought in the company's active
    customer window up to it (the engine's activity spells).
    """

    _name = "crm.scorecard.provider.customers"
    _inherit = ["crm.scorecard.provider"]
    _description = "Scorecard KPIs: customers and revenue"

    _provider_codes = (
        "active_customers", "new_customers", "churned_customers", "churn_rate", "retention_rate",
        "customer_growth", "complete_profile_share", "net_revenue",
    )

    def _provider_compute(self, company, periods, by_team):
        starts = [scorecard.month_index(start) for start, _end in periods]
        ends = [scorecard.month_index(end) for _start, end in periods]
        self._customer_counts(periods, starts, ends, by_team)
        self._revenue(starts, ends, by_team)

    def _customer_counts(self, periods, starts, ends, by_team):
        """Active, new and churned customers, churn and retention, complete profiles.

        start: active at the end of the month before the period; end: active
        at its last month; new: not active at the start and bought in the
        period (first-time or returning customers). The first spell opening in
        the period tells whether a customer was new: its previous spell is the
        one that could cover the start.

        Each spell is read once, not once per period it meets: the active
        customers of every month are a running sum of +1 where a spell opens
        and -1 after it closes, and a spell can be new only in the one period
        its first month falls in.
        """
        cr = self.env.cr
        cr.execute(SQL(
            """
            SELECT team_id, month, sum(active), sum(complete) FROM (
                SELECT team_id, first_month AS month, 1 AS active, complete::int AS complete
                  FROM crm_scorecard_spell
                 UNION ALL
                SELECT team_id, last_month + 1, -1, -complete::int FROM crm_scorecard_spell
            ) opening_and_closing
             GROUP BY team_id, month
            """
        ))
        deltas = defaultdict(list)
        for team_id, month, active, complete in cr.fetchall():
            for key in {None, team_id if team_id in by_team else None}:
                deltas[key].append((month, active, complete))

        def active_at(key, month):
            """(active customers, of which with a complete profile) at the end of ``month``."""
            return tuple(
                sum(values[index] for values in deltas[key] if values[0] <= month) for index in (1, 2)
            )

        month_periods = [(month, idx, start, end)
                         for idx, (start, end) in enumerate(zip(starts, ends)) for month in range(start, end + 1)]
        cr.execute(SQL(
            """
            SELECT p.idx, grouping(sp.team_id) = 0 AS by_team, sp.team_id,
                   count(*) FILTER (WHERE (sp.previous_first IS NULL OR sp.previous_first < p.s)
                                      AND (sp.previous_last IS NULL OR sp.previous_last < p.s - 1)),
                   count(*) FILTER (WHERE sp.last_month >= p.e
                                      AND NOT EXISTS (
                                          SELECT 1 FROM crm_scorecard_spell earlier
                                           WHERE earlier.partner_id = sp.partner_id
                                             AND earlier.first_month <= p.s - 1 AND earlier.last_month >= p.s - 1))
              FROM unnest(%(months)s::int[], %(idx)s::int[], %(s)s::int[], %(e)s::int[]) AS p(month, idx, s, e)
              JOIN crm_scorecard_spell sp ON sp.first_month = p.month
             GROUP BY GROUPING SETS ((p.idx), (p.idx, sp.team_id))
            """,
            months=[row[0] for row in month_periods], idx=[row[1] for row in month_periods],
            s=[row[2] for row in month_periods], e=[row[3] for row in month_periods],
        ))
        new_counts = self._by_team(cr.fetchall(), by_team)
        counts = {}
        for team_id, idx in product(by_team, range(len(periods))):
            at_start = active_at(team_id, starts[idx] - 1)[0]
            at_end, complete = active_at(team_id, ends[idx])
            new, new_still_active = new_counts.get((idx, team_id), (0, 0))
            counts[idx, team_id] = (at_start, at_end, new, new_still_active, complete)
        for (team_id, values), idx in product(by_team.items(), range(len(periods))):
            at_start, at_end, new, new_still_active, complete = counts.get((idx, team_id), (0, 0, 0, 0, 0))
            # Everyone active at the end was active at the start or is new:
            # the churned are the rest of both, new customers who lapsed
            # within the period included.
            churned = at_start + new - at_end
            # The rates are about the customers of the start: retention is
            # (end - new) / start with "new" the new customers still active,
            # churn its complement. Both equal the textbook formulas whenever
            # no new customer lapses within the period (window >= period).
            retained = at_end - new_still_active
            values["active_customers"][idx] = at_end
            values["new_customers"][idx] = new
            values["churned_customers"][idx] = churned
            values["churn_rate"][idx] = scorecard.ratio_pct(at_start - retained, at_start)
            values["retention_rate"][idx] = scorecard.ratio_pct(retained, at_start)
            values["customer_growth"][idx] = scorecard.ratio_pct(at_end - at_start, at_start)
            values["complete_profile_share"][idx] = scorecard.ratio_pct(complete, at_end)


    def _revenue(self, starts, ends, by_team):
        # Summed per month and team first: the periods then meet a few
        # hundred rows instead of every purchase.
        self.env.cr.execute(SQL(
            """
            SELECT p.idx, grouping(x.team_id) = 0, x.team_id, sum(x.monetary)
              FROM %(periods)s JOIN (
                    SELECT pu.month, c.team_id, sum(pu.monetary) AS monetary
                      FROM crm_scorecard_purchase pu JOIN crm_scorecard_customer c ON c.partner_id = pu.partner_id
                     GROUP BY pu.month, c.team_id
                   ) x ON x.month BETWEEN p.s AND p.e
             GROUP BY GROUPING SETS ((p.idx), (p.idx, x.team_id))
            """,
            periods=self._month_periods(starts, ends),
        ))
        revenue = self._by_team(self.env.cr.fetchall(), by_team)
        for (team_id, values), idx in product(by_team.items(), range(len(starts))):
            values["net_revenue"][idx] = float(revenue.get((idx, team_id), [0.0])[0] or 0.0)

    # ------------------------------------------------------------------
    # Drill-down
    # ------------------------------------------------------------------

    def _provider_open_records(self, value):
        company, start, end = value.company_id, value.period_start, value.period_end
        code = value.kpi_id.code
        if code in ("churned_customers", "churn_rate", "retention_rate"):
            active_at_start = self._active_partner_ids(company, start - relativedelta(days=1))
            partner_ids = ((active_at_start | self._buyer_ids(company, start, end))
                           - self._active_partner_ids(company, end))
            name = self.env._("Churned customers %(start)s – %(end)s", start=start, end=end)
        elif code in ("new_customers", "customer_growth"):
            active_at_start = self._active_partner_ids(company, start - relativedelta(days=1))
            partner_ids = self._buyer_ids(company, start, end) - active_at_start
            name = self.env._("New customers %(start)s – %(end)s", start=start, end=end)
        else:
            return self._open_active_customers(value)
        return value._partner_action(name, partner_ids)

    def _open_active_customers(self, value):
        """The customers active at the end of ``value``'s period (of its team)."""
        end = value.period_end
        partner_ids = self._active_partner_ids(value.company_id, end)
        return value._partner_action(self.env._("Active customers at %(end)s", end=end), partner_ids)

    # The customers behind a figure, by the company's definitions (crm.purchase.facts).

    def _partner_ids(self, sql):
        return {partner_id for (partner_id,) in self.env.execute_query(sql)}

    def _active_partner_ids(self, company, day):
        """Customers active at ``day``."""
        return self._partner_ids(self.env["crm.purchase.facts"]._active_customers_sql(company, day))

    def _buyer_ids(self, company, date_from, date_to):
        """Customers who bought between two dates (included)."""
        facts = self.env["crm.scorecard.engine"]._facts_sql(company, date_from, date_to)
        return self._partner_ids(SQL("SELECT f.partner_id FROM (%s) f", facts))

    def _customer_ids(self, company, day):
        """Customers who bought up to ``day``, ever."""
        return self._partner_ids(self.env["crm.purchase.facts"]._buyers_sql(company, day))
