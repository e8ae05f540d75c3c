from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CrmScorecardTarget(models.Model):
    """What a KPI should reach over a date range, optionally for one sales team."""

    _name = "crm.scorecard.target"
    _description = "Scorecard Target"
    _order = "date_from desc, kpi_id"
    _check_company_auto = True

    kpi_id = fields.Many2one("crm.scorecard.kpi", "KPI", required=True, ondelete="cascade")
    direction = fields.Selection(related="kpi_id.direction")
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    team_id = fields.Many2one("crm.team", "Sales team", check_company=True,
                              help="Empty: the target of the whole company.")
    date_from = fields.Date("From", required=True, help="Applies to the periods that start in this range.")
    date_to = fields.Date("To", required=True)
    target = fields.Float(required=True, digits=(16, 2))
    amber_pct = fields.Float(
        "Amber from (%)", default=5.0, help="Shortfall against the target, in % of it, from which the light is amber."
    )
    red_pct = fields.Float("Red from (%)", default=15.0, help="Shortfall from which the light is red.")

    @api.constrains("date_from", "date_to", "amber_pct", "red_pct")
    def _check_ranges(self):
        for target in self:
            if target.date_to < target.date_from:
                raise ValidationError(self.env._("A target's range must end after it starts."))
            if not 0 <= target.amber_pct <= target.red_pct:
                raise ValidationError(self.env._(
                    "The amber threshold must be between 0 and the red threshold."
                ))

    @api.constrains("kpi_id", "company_id", "team_id", "date_from", "date_to")
    def _check_overlap(self):
        for target in self:
            overlapping = self.search_count([
                ("id", "!=", target.id),
                ("kpi_id", "=", target.kpi_id.id),
                ("company_id", "=", target.company_id.id),
                ("team_id", "=", target.team_id.id),
                ("date_from", "<=", target.date_to),
                ("date_to", ">=", target.date_from),
            ])
            if overlapping:
                raise ValidationError(self.env._(
                    "%(kpi)s already has a target overlapping %(date_from)s – %(date_to)s.",
                    kpi=target.kpi_id.name, date_from=target.date_from, date_to=target.date_to,
                ))

    @api.model_create_multi
    def create(self, vals_list):
        targets = super().create(vals_list)
        targets._apply_to_values()
        return targets

    def write(self, vals):
        result = super().write(vals)
        self._apply_to_values()
        return result

    def _apply_to_values(self):
        """Stored values take the new target and light at once, without a recompute."""
        values = self.env["crm.scorecard.value"].sudo().search([
            ("kpi_id", "in", self.kpi_id.ids), ("company_id", "in", self.company_id.ids),
        ])
        values._refresh_status()
