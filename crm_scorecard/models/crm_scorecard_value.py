from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..lib import scorecard
from .crm_scorecard_kpi import PERSPECTIVES

STATUSES = [("green", "On target"), ("amber", "Watch"), ("red", "Off target"), ("none", "No target")]
PERIOD_TYPES = [("month", "Month"), ("quarter", "Quarter"), ("year", "Year")]
SPARKLINE_PERIODS = 12


class CrmScorecardValue(models.Model):
    """The stored value of one KPI for one company (and team) and one period."""

    _name = "crm.scorecard.value"
    _description = "Scorecard Value"
    _order = "period_start desc, kpi_id"
    _rec_name = "kpi_id"
    _check_company_auto = True

    kpi_id = fields.Many2one("crm.scorecard.kpi", "KPI", required=True, ondelete="cascade", index=True)
    kpi_code = fields.Char(related="kpi_id.code")
    perspective = fields.Selection(related="kpi_id.perspective", store=True)
    unit = fields.Selection(related="kpi_id.unit")
    company_id = fields.Many2one("res.company", required=True, index=True)
    team_id = fields.Many2one("crm.team", "Sales team", check_company=True, index="btree_not_null")
    period_type = fields.Selection(PERIOD_TYPES, required=True)
    period_start = fields.Date(required=True)
    period_end = fields.Date(required=True)
    actual = fields.Float(digits=(16, 2), aggregator="avg")
    has_actual = fields.Boolean(help="False when there was no data to compute the KPI from (shown empty).")
    target = fields.Float(digits=(16, 2), aggregator="avg")
    has_target = fields.Boolean()
    status = fields.Selection(STATUSES, required=True, default="none")

    # One value per KPI, company, team and period: upserted by the compute.
    _sql_constraints = [
        ("value_unique", "unique NULLS NOT DISTINCT (kpi_id, company_id, team_id, period_type, period_start)",
         "A KPI has one value per company, team and period."),
    ]

    def _refresh_status(self):
        """Target and traffic light of each value from the targets of its KPI and period."""
        if not self:
            return
        # Stored results, not user input: read and written as superuser,
        # grouped so that a recompute of many periods costs a few UPDATEs.
        self = self.sudo()  # noqa: PLW0642
        targets = self.env["crm.scorecard.target"].sudo().search([
            ("kpi_id", "in", self.kpi_id.ids), ("company_id", "in", self.company_id.ids),
        ])
        by_key = defaultdict(list)
        for target in targets:
            by_key[target.kpi_id.id, target.company_id.id, target.team_id.id].append(target)
        changes = defaultdict(list)
        for value in self:
            candidates = by_key[value.kpi_id.id, value.company_id.id, value.team_id.id]
            if value.team_id and not candidates:
                # A team without its own target is measured against the company's.
                candidates = by_key[value.kpi_id.id, value.company_id.id, False]
            target = next((t for t in candidates if t.date_from <= value.period_start <= t.date_to), None)
            actual = value.actual if value.has_actual else None
            light = scorecard.status(
                actual, target.target if target else None, value.kpi_id.direction,
                target.amber_pct if target else 0, target.red_pct if target else 0,
            )
            changes[target.target if target else 0.0, bool(target), light].append(value.id)
        for (target, has_target, light), ids in changes.items():
            self.browse(ids).write({"target": target, "has_target": has_target, "status": light})

    # ------------------------------------------------------------------
    # Drill-down: the records behind a figure.
    # ------------------------------------------------------------------

    def action_open_records(self):
        """Window action on the records a value was computed from, opened by the provider of its KPI;
        a formula KPI (a ratio of other KPIs) opens the customers active at the end of the period."""
        self.ensure_one()
        kpi = self.kpi_id
        Provider = self.env["crm.scorecard.provider"]
        if kpi.formula_type == "formula":
            return self.env["crm.scorecard.provider.customers"]._open_active_customers(self)
        Provider._check_provided(kpi)
        return Provider._providers()[kpi.code]._provider_open_records(self)

    def _partner_action(self, name, partner_ids):
        """A list of the given customers (restricted to the value's team)."""
        return {
            "type": "ir.actions.act_window", "name": name, "res_model": "res.partner",
            "views": [[False, "list"], [False, "form"]],
            "domain": [("id", "in", self._team_customer_ids(partner_ids))],
        }

    def _team_customer_ids(self, partner_ids):
        """The given customers, restricted to the value's team (the team of their salesperson, as computed)."""
        if not self.team_id:
            return sorted(partner_ids)
        return self.env["res.partner"].with_context(active_test=False).search([
            ("id", "in", list(partner_ids)), ("user_id.sale_team_id", "=", self.team_id.id),
        ], order="id").ids

    # ------------------------------------------------------------------
    # Dashboard: everything in one call, from stored values only.
    # ------------------------------------------------------------------

    @api.model
    def get_dashboard_data(self, company_id=None, team_id=False, period_type="month", period_start=None):
        """Cards of the scorecard for one period, with the 12 previous values of each KPI.

        Reads stored values only (two indexed queries), so it stays fast
        whatever the number of customers.
        """
        company = self.env["res.company"].browse(company_id) if company_id else self.env.company
        if company not in self.env.user.company_ids:
            raise UserError(self.env._("You are not allowed in this company."))
        # The company chosen in the dashboard, even if not among the active ones.
        self = self.with_company(company)  # noqa: PLW0642
        base = [("company_id", "=", company.id), ("team_id", "=", team_id or False),
                ("period_type", "=", period_type)]
        starts = [
            start for (start,) in self._read_group(base, ["period_start:day"], order="period_start:day desc")
        ]
        periods = [fields.Date.to_string(start) for start in starts]
        if not starts:
            current = None
        elif period_start and fields.Date.to_date(period_start) in starts:
            current = fields.Date.to_date(period_start)
        else:
            current = starts[0]
        cards = []
        if current:
            history_from = min(s for s in starts[:starts.index(current) + SPARKLINE_PERIODS])
            values = self.search_read(
                base + [("period_start", ">=", history_from), ("period_start", "<=", current)],
                ["kpi_id", "period_start", "period_end", "actual", "has_actual", "target", "has_target", "status"],
                order="period_start",
            )
            by_kpi = defaultdict(list)
            for value in values:
                by_kpi[value["kpi_id"][0]].append(value)
            Kpi = self.env["crm.scorecard.kpi"]
            for kpi in Kpi._visible_to_user(Kpi.search([])):  # pylint: disable=no-search-all  # a catalogue of a few dozen rows
                series = by_kpi.get(kpi.id, [])
                last = series[-1] if series and series[-1]["period_start"] == current else None
                actual = last["actual"] if last and last["has_actual"] else None
                target = last["target"] if last and last["has_target"] else None
                cards.append({
                    "kpi_id": kpi.id, "code": kpi.code, "name": kpi.name, "perspective": kpi.perspective,
                    "unit": kpi.unit, "direction": kpi.direction, "description": kpi.description or "",
                    "value_id": last["id"] if last else False,
                    "actual": actual, "target": target,
                    "delta": actual - target if actual is not None and target is not None else None,
                    "status": last["status"] if last else "none",
                    "sparkline": [v["actual"] if v["has_actual"] else None for v in series],
                })
        return {
            "company_id": company.id,
            "companies": [[c.id, c.name] for c in self.env.user.company_ids],
            "teams": [[t.id, t.name] for t in self.env["crm.team"].search(
                [("company_id", "in", [company.id, False])])],
            "team_id": team_id or False,
            "period_type": period_type,
            "periods": periods,
            "period_start": fields.Date.to_string(current) if current else False,
            "perspectives": [list(p) for p in PERSPECTIVES],
            "currency_symbol": company.currency_id.symbol,
            "cards": cards,
            "pyramid": company._scorecard_pyramid_sizes(),
            "segments": company._scorecard_segment_sizes(),
        }

    @api.model
    def action_open_value(self, value_id):
        """Drill-down entry point of the dashboard (access checked as the user)."""
        value = self.browse(value_id)
        value.check_access("read")
        return value.action_open_records()
