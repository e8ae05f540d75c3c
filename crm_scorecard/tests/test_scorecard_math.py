from datetime import date

from odoo.tests import BaseCase, tagged

from ..lib import scorecard


@tagged("post_install", "-at_install")
class TestScorecardMath(BaseCase):
    def test_periods_are_calendar_aligned_and_widened(self):
        self.assertEqual(scorecard.periods(date(2026, 2, 15), date(2026, 4, 2), "month"), [
            (date(2026, 2, 1), date(2026, 2, 28)),
            (date(2026, 3, 1), date(2026, 3, 31)),
            (date(2026, 4, 1), date(2026, 4, 30)),
        ])
        self.assertEqual(scorecard.periods(date(2026, 5, 10), date(2026, 7, 1), "quarter"), [
            (date(2026, 4, 1), date(2026, 6, 30)),
            (date(2026, 7, 1), date(2026, 9, 30)),
        ])
        self.assertEqual(scorecard.periods(date(2025, 12, 31), date(2026, 1, 1), "year"), [
            (date(2025, 1, 1), date(2025, 12, 31)),
            (date(2026, 1, 1), date(2026, 12, 31)),
        ])
        with self.assertRaises(ValueError):
            scorecard.periods(date(2026, 2, 1), date(2026, 1, 1))
        with self.assertRaises(ValueError):
            scorecard.periods(date(2026, 1, 1), date(2026, 2, 1), "week")

    def test_status_by_direction_and_thresholds(self):
        # Higher is better: 5 % short is amber, 15 % short is red.
        self.assertEqual(scorecard.status(100, 100, "higher", 5, 15), "green")
        self.assertEqual(scorecard.status(96, 100, "higher", 5, 15), "green")
        self.assertEqual(scorecard.status(95, 100, "higher", 5, 15), "amber")
        self.assertEqual(scorecard.status(85, 100, "higher", 5, 15), "red")
        # Lower is better: above the target is the shortfall.
        self.assertEqual(scorecard.status(9, 10, "lower", 5, 15), "green")
        self.assertEqual(scorecard.status(11, 10, "lower", 5, 15), "amber")
        self.assertEqual(scorecard.status(12, 10, "lower", 5, 15), "red")
        # A negative target (NPS) is measured on its magnitude.
        self.assertEqual(scorecard.status(-12, -10, "higher", 5, 15), "red")
        self.assertEqual(scorecard.status(None, 10, "higher", 5, 15), "none")
        self.assertEqual(scorecard.status(10, None, "higher", 5, 15), "none")

    def test_formula_evaluation_is_arithmetic_only(self):
        values = {"net_revenue": 1000.0, "active_customers": 4, "empty": None}
        self.assertEqual(scorecard.evaluate("net_revenue / active_customers", values), 250.0)
        self.assertEqual(scorecard.evaluate("-(net_revenue - 200) * 2 + 1", values), -1599.0)
        self.assertIsNone(scorecard.evaluate("net_revenue / empty", values))
        self.assertIsNone(scorecard.evaluate("net_revenue / (active_customers - 4)", values))
        for bad in ("__import__('os')", "net_revenue ** 2", "net_revenue.real", "'a'", "[1]", "1 +"):
            with self.assertRaises(scorecard.FormulaError, msg=bad):
                scorecard.evaluate(bad, values)
        self.assertEqual(scorecard.formula_codes("a / (b + 2)"), {"a", "b"})

    def test_formula_order_and_cycles(self):
        self.assertEqual(scorecard.formula_order({"c": "b * 2", "b": "a + 1"}), ["b", "c"])
        with self.assertRaises(scorecard.FormulaError) as caught:
            scorecard.formula_order({"x": "y + 1", "y": "x + 1"})
        self.assertEqual((caught.exception.code, caught.exception.params), ("cycle", {"kpi_code": "x"}))

    def test_formula_errors_carry_a_code_and_the_faulty_part(self):
        # The caller words the reason in the user's language from these.
        for formula, code, params in (
            ("", "empty", {}),
            ("  ", "empty", {}),
            ("net_revenue +", "syntax", None),  # details in Python's own words
            ("net_revenue ** 2", "element", {"element": "net_revenue ** 2"}),
            ("active_customers + net_revenue // 2", "element", {"element": "net_revenue // 2"}),
            ("__import__('os')", "element", {"element": "__import__('os')"}),
            ("net_revenue.real", "element", {"element": "net_revenue.real"}),
            ("net_revenue * 'x'", "constant", {"element": "'x'"}),
        ):
            with self.subTest(formula=formula):
                with self.assertRaises(scorecard.FormulaError) as caught:
                    scorecard.formula_codes(formula)
                self.assertEqual(caught.exception.code, code)
                if params is not None:
                    self.assertEqual(caught.exception.params, params)
        self.assertEqual(str(scorecard.FormulaError("element", element="a ** 2")),
                         "only + - * / numbers and KPI codes are allowed, not a ** 2")
