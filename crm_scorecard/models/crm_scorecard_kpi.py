from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..lib import scorecard

PERSPECTIVES = [
    ("financial", "Financial"),
    ("customer", "Customer"),
    ("internal", "Internal process"),
    ("learning", "Learning and growth"),
]


class CrmScorecardKpi(models.Model):
    """One KPI of the catalogue: what it measures and how it is computed."""

    _name = "crm.scorecard.kpi"
    _description = "Scorecard KPI"
    _order = "perspective_sequence, sequence, id"

    code = fields.Char(required=True, help="Identifier used by formulas, e.g. churn_rate.")
    name = fields.Char(required=True, translate=True)
    description = fields.Text(translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    perspective = fields.Selection(PERSPECTIVES, required=True)
    perspective_sequence = fields.Integer(compute="_compute_perspective_sequence", store=True)
    unit = fields.Selection(
        [("count", "Count"), ("percent", "%"), ("money", "Money"), ("hours", "Hours"), ("score", "Score")],
        required=True, default="count",
    )
    direction = fields.Selection(
        [("higher", "Higher is better"), ("lower", "Lower is better")], required=True, default="higher"
    )
    formula_type = fields.Selection(
        [("builtin", "Computed by the addon"), ("formula", "Formula over other KPIs")],
        required=True, default="formula",
    )
    formula = fields.Char(help="Arithmetic over other KPI codes, e.g. net_revenue / active_customers.")
    drill_model = fields.Char(
        "Records behind", readonly=True, help="Model opened when a dashboard card is clicked (built-in KPIs)."
    )

    _sql_constraints = [
        ("code_unique", "unique(code)", "A KPI code must be unique."),
    ]

    @api.depends("perspective")
    def _compute_perspective_sequence(self):
        order = [key for key, _label in PERSPECTIVES]
        for kpi in self:
            kpi.perspective_sequence = order.index(kpi.perspective) if kpi.perspective else len(order)

    @api.constrains("code")
    def _check_code(self):
        for kpi in self:
            if not kpi.code.isidentifier():
                raise ValidationError(self.env._(
                    "The KPI code %(code)s must be a plain identifier (letters, digits, underscores).",
                    code=kpi.code,
                ))

    @api.constrains("formula_type", "formula", "code")
    def _check_formula(self):
        codes = set(self.with_context(active_test=False).search([]).mapped("code"))  # pylint: disable=no-search-all  # a catalogue of a few dozen rows
        for kpi in self.filtered(lambda k: k.formula_type == "formula"):
            try:
                used = scorecard.formula_codes(kpi.formula)
            except scorecard.FormulaError as error:
                raise ValidationError(self.env._(
                    "The formula of %(kpi)s is not valid: %(error)s", kpi=kpi.name, error=error
                )) from error
            unknown = used - codes
            if unknown:
                raise ValidationError(self.env._(
                    "The formula of %(kpi)s uses unknown KPI codes: %(codes)s",
                    kpi=kpi.name, codes=", ".join(sorted(unknown)),
                ))
        formulas = {
            kpi.code: kpi.formula
            for kpi in self.search([("formula_type", "=", "formula")])
        }
        try:
            scorecard.formula_order(formulas)
        except scorecard.FormulaError as error:
            raise ValidationError(str(error)) from error

    @api.ondelete(at_uninstall=False)
    def _unlink_except_builtin(self):
        if any(kpi.formula_type == "builtin" for kpi in self):
            raise ValidationError(self.env._("Built-in KPIs cannot be deleted; archive them instead."))
