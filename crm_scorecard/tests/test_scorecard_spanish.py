from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged


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
            company.write({"scorecard_window_months": 0})
        self.assertEqual(str(caught.exception), "La ventana de cliente activo debe ser de al menos un mes.")
