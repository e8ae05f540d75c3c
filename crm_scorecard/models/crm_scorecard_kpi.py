from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.crm_customer_value_base.tools.access import VALUE_MANAGER

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
    # Profit and costs are for Customer Value Managers only, as in the value
    # pyramid: record rules hide the values of confidential KPIs from others.
    confidential = fields.Boolean(
        "Profit or cost figure", compute="_compute_confidential", store=True, readonly=False,
        help="Only Customer Value Managers see its values. A formula over a confidential KPI is confidential.",
    )
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

    @api.depends("formula_type", "formula")
    def _compute_confidential(self):
        confidential_codes = set(self.search([("confidential", "=", True)]).mapped("code"))
        for kpi in self:
            try:
                used = scorecard.formula_codes(kpi.formula) if kpi.formula_type == "formula" else set()
            except scorecard.FormulaError:
                used = set()  # refused by _check_formula
            kpi.confidential = kpi.confidential or bool(used & confidential_codes)

    @api.model
    def _visible_to_user(self, kpis):
        """The KPIs whose values the current user may see (all of them for a Customer Value Manager)."""
        if self.env.user.has_group(VALUE_MANAGER):
            return kpis
        return kpis.filtered(lambda kpi: not kpi.confidential)

    @api.constrains("code")
    def _check_code(self):
        for kpi in self:
            if not kpi.code.isidentifier():
                raise ValidationError(self.env._(
                    "The KPI code %(code)s must be a plain identifier (letters, digits, underscores).",
                    code=kpi.code,
                ))

    @api.constrains("formula_type", "code")
    def _check_provided(self):
        # A built-in KPI nothing computes would read as "no value" in every period.
        self.env["crm.scorecard.provider"]._check_provided(self, error=ValidationError)

    @api.constrains("formula_type", "formula", "code")
    def _check_formula(self):
        codes = set(self.with_context(active_test=False).search([]).mapped("code"))  # pylint: disable=no-search-all  # a catalogue of a few dozen rows
        for kpi in self.filtered(lambda k: k.formula_type == "formula"):
            try:
                used = scorecard.formula_codes(kpi.formula)
            except scorecard.FormulaError as error:
                raise ValidationError(self.env._(
                    "The formula of %(kpi)s is not valid: %(error)s", kpi=kpi.name, error=self._formula_error(error)
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
            raise ValidationError(self._formula_error(error)) from error

    def _formula_error(self, error):
        """The reason of a scorecard.FormulaError, in the user's language."""
        params = error.params
        if error.code == "empty":
            return self.env._("the formula is empty")
        if error.code == "syntax":
            return self.env._("it is not a complete arithmetic expression (check its brackets and operators)")
        if error.code == "element":
            return self.env._(
                "only + - * /, numbers and KPI codes are allowed, not %(element)s", element=params["element"]
            )
        if error.code == "constant":
            return self.env._("only numbers are allowed as constants, not %(element)s", element=params["element"])
        if error.code == "cycle":
            return self.env._(
                "The formula KPIs refer to each other in a cycle through %(code)s: a formula cannot use "
                "itself, directly or through other formulas.",
                code=params["kpi_code"],
            )
        raise NotImplementedError(f"no message for the formula error {error.code!r}")  # see the tests

    @api.ondelete(at_uninstall=False)
    def _unlink_except_builtin(self):
        if any(kpi.formula_type == "builtin" for kpi in self):
            raise ValidationError(self.env._("Built-in KPIs cannot be deleted; archive them instead."))
