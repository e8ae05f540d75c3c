from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged

from ..lib import scorecard


@tagged("post_install", "-at_install")
class TestScorecardInSpanish(TransactionCase):
    """The KPI catalogue, the perspectives, the traffic light and the errors in Spanish."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("es_ES")
        cls.env["ir.module.module"]._load_module_terms(["crm_scorecard"], ["es_ES"], overwrite=True)
        cls.spanish = cls.env(context={"lang": "es_ES"})

    def test_kpi_names(self):
        self.assertEqual(self.spanish.ref("crm_scorecard.kpi_churn_rate").name, "Tasa de abandono")
        self.assertEqual(self.spanish.ref("crm_scorecard.kpi_retention_rate").name, "Tasa de retención")
        self.assertEqual(self.spanish["ir.model"]._get("crm.scorecard.kpi").name, "KPI del cuadro de mando")

    def test_perspectives_and_traffic_light(self):
        perspectives = dict(self.spanish["crm.scorecard.kpi"].fields_get(["perspective"])["perspective"]["selection"])
        self.assertEqual(
            (perspectives["financial"], perspectives["customer"], perspectives["internal"], perspectives["learning"]),
            ("Financiera", "Cliente", "Procesos internos", "Aprendizaje y crecimiento"),
        )
        statuses = dict(self.spanish["crm.scorecard.value"].fields_get(["status"])["status"]["selection"])
        self.assertEqual(
            (statuses["green"], statuses["amber"], statuses["red"], statuses["none"]),
            ("En objetivo", "Vigilar", "Fuera de objetivo", "Sin objetivo"),
        )

    def test_error_in_spanish(self):
        company = self.env.company.with_context(lang="es_ES")
        with self.assertRaises(ValidationError) as caught:
            company.write({"customer_active_months": 0})
        self.assertEqual(str(caught.exception), "La ventana de cliente activo debe ser de al menos un mes.")

    def test_formula_errors_in_spanish(self):
        Kpi = self.spanish["crm.scorecard.kpi"]
        base = {"name": "Ingresos raros", "perspective": "financial", "formula_type": "formula"}
        for formula, reason in (
            ("", "la fórmula está vacía"),
            ("net_revenue +", "no es una expresión aritmética completa (revise los paréntesis y los operadores)"),
            ("net_revenue ** 2", "solo se admiten + - * /, números y códigos de KPI, no net_revenue ** 2"),
            ("net_revenue * 'x'", "solo se admiten números como constantes, no 'x'"),
        ):
            with self.subTest(formula=formula):
                with self.assertRaises(ValidationError) as caught:
                    Kpi.create({**base, "code": "odd_revenue", "formula": formula})
                self.assertEqual(str(caught.exception), f"La fórmula de Ingresos raros no es válida: {reason}")
        Kpi.create({**base, "code": "half_revenue", "formula": "net_revenue / 2"})
        with self.assertRaises(ValidationError) as caught:
            Kpi.create({**base, "code": "loop_revenue", "formula": "loop_revenue + half_revenue"})
        self.assertEqual(
            str(caught.exception),
            "Los KPI de fórmula se refieren unos a otros en un ciclo que pasa por loop_revenue: una fórmula no "
            "puede usarse a sí misma, ni directamente ni a través de otras fórmulas.",
        )
        self.assertFalse(Kpi.search_count([("code", "in", ["odd_revenue", "loop_revenue"])]))

    def test_every_formula_error_has_a_translated_message(self):
        Kpi = self.spanish["crm.scorecard.kpi"]
        english = self.env["crm.scorecard.kpi"]
        samples = {"detail": "invalid syntax", "element": "a ** 2", "kpi_code": "a"}
        for code, template in scorecard.FormulaError.MESSAGES.items():
            with self.subTest(code=code):
                params = {name: value for name, value in samples.items() if f"{{{name}}}" in template}
                error = scorecard.FormulaError(code, **params)
                spanish, in_english = Kpi._formula_error(error), english._formula_error(error)
                self.assertNotEqual(spanish, in_english, "translated")
                for value in params.values():
                    if code != "syntax":  # Python's own words are not shown
                        self.assertIn(value, spanish)
