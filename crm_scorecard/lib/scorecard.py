"""Periods, traffic lights and user formulas of the scorecard, without the ORM."""

import ast
import operator
from datetime import date

from dateutil.relativedelta import relativedelta

PERIOD_MONTHS = {"month": 1, "quarter": 3, "year": 12}


def month_index(day):
    """Months since year 0: a month-granular clock for trailing windows."""
    return day.year * 12 + day.month - 1


def month_start(index):
    return date(index // 12, index % 12 + 1, 1)


def periods(date_from, date_to, period="month"):
    """(start, end) of every period of the given type that meets [date_from, date_to].

    Periods are calendar aligned (quarters start in January, April, ...), so a
    range that starts mid-period is widened to the whole period.
    """
    if period not in PERIOD_MONTHS:
        raise ValueError(f"unknown period type {period!r}")
    if date_to < date_from:
        raise ValueError("the range ends before it starts")
    length = PERIOD_MONTHS[period]
    first = month_index(date_from)
    first -= (first % 12) % length
    result = []
    while month_start(first) <= date_to:
        start = month_start(first)
        result.append((start, start + relativedelta(months=length, days=-1)))
        first += length
    return result


def status(actual, target, direction, amber_pct, red_pct):
    """Traffic light of an actual against its target.

    ``amber_pct`` and ``red_pct`` are the shortfalls (in % of the target's
    magnitude, in the wrong direction) from which the light turns amber and
    red. No actual or no target: no light.
    """
    if actual is None or target is None:
        return "none"
    shortfall = (target - actual) if direction == "higher" else (actual - target)
    if shortfall <= 0:
        return "green"
    scale = abs(target) or 1.0
    shortfall_pct = 100.0 * shortfall / scale
    if shortfall_pct >= red_pct:
        return "red"
    if shortfall_pct >= amber_pct:
        return "amber"
    return "green"


def ratio_pct(numerator, denominator):
    """numerator / denominator in %, None when the denominator is 0 or unknown."""
    if numerator is None or not denominator:
        return None
    return 100.0 * numerator / denominator


_BINARY = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
}
_UNARY = {ast.USub: operator.neg, ast.UAdd: operator.pos}


class FormulaError(ValueError):
    """A formula the scorecard refuses.

    ``code`` says why and ``params`` hold the details, so that the caller can
    word it in the user's language; ``str()`` is the English sentence, for
    logs and this module's own tests.
    """

    MESSAGES = {
        "empty": "the formula is empty",
        "syntax": "invalid formula: {detail}",
        "element": "only + - * / numbers and KPI codes are allowed, not {element}",
        "constant": "only numbers are allowed as constants, not {element}",
        "cycle": "formula KPIs refer to each other in a cycle through {kpi_code}",
    }

    def __init__(self, code, **params):
        self.code = code
        self.params = params
        super().__init__(self.MESSAGES[code].format(**params))


def formula_codes(formula):
    """KPI codes a formula refers to; raises FormulaError when it is not a plain arithmetic formula."""
    tree = _parse(formula)
    return {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}


def _parse(formula):
    if not (formula or "").strip():
        raise FormulaError("empty")
    try:
        tree = ast.parse(formula, mode="eval")
    except SyntaxError as error:
        raise FormulaError("syntax", detail=error.msg) from error
    # Parents come before their children: an operator is refused with its
    # operation, the only one of the two with a place in the text.
    for node in ast.walk(tree):
        if (isinstance(node, ast.BinOp) and type(node.op) not in _BINARY) or (
                isinstance(node, ast.UnaryOp) and type(node.op) not in _UNARY) or not isinstance(
                node, (ast.Expression, ast.BinOp, ast.UnaryOp, ast.Name, ast.Load, ast.Constant, *_BINARY, *_UNARY)):
            raise FormulaError("element", element=ast.get_source_segment(formula, node) or type(node).__name__)
        if isinstance(node, ast.Constant) and not isinstance(node.value, (int, float)):
            raise FormulaError("constant", element=ast.get_source_segment(formula, node))
    return tree


def evaluate(formula, values):
    """Value of an arithmetic formula over KPI codes.

    A small evaluator rather than eval(): only numbers, KPI codes and + - * /
    are accepted. An unknown value or a division by zero gives None (no value),
    as a KPI without data shows empty rather than 0.
    """
    tree = _parse(formula)

    def walk(node):
        if isinstance(node, ast.Expression):
            return walk(node.body)
        if isinstance(node, ast.Constant):
            return float(node.value)
        if isinstance(node, ast.Name):
            return values.get(node.id)
        if isinstance(node, ast.UnaryOp):
            operand = walk(node.operand)
            return None if operand is None else _UNARY[type(node.op)](operand)
        left, right = walk(node.left), walk(node.right)
        if left is None or right is None:
            return None
        if isinstance(node.op, ast.Div) and right == 0:
            return None
        return _BINARY[type(node.op)](left, right)

    return walk(tree)


def formula_order(formulas):
    """Codes of formula KPIs in an order where each comes after the formulas it uses.

    ``formulas`` maps code -> formula. Raises FormulaError on a cycle.
    """
    ordered, visiting, done = [], set(), set()

    def visit(code):
        if code in done:
            return
        if code in visiting:
            raise FormulaError("cycle", kpi_code=code)
        visiting.add(code)
        for used in sorted(formula_codes(formulas[code])):
            if used in formulas:
                visit(used)
        visiting.discard(code)
        done.add(code)
        ordered.append(code)

    for code in sorted(formulas):
        visit(code)
    return ordered
