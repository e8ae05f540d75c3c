from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestValueInSpanish(TransactionCase):
    """The pyramid levels and the cost-driver vocabulary in Spanish."""

    def test_levels_and_labels(self):
        self.env["res.lang"]._activate_lang("es_ES")
        self.env["ir.module.module"]._load_module_terms(["crm_value_pyramid"], ["es_ES"], overwrite=True)
        spanish = self.env(context={"lang": "es_ES"})
        levels = dict(spanish["res.partner"].fields_get(["value_pyramid_level"])["value_pyramid_level"]["selection"])
        self.assertEqual((levels["inactive"], levels["prospect"]), ("Inactivo", "Potencial"))
        self.assertEqual(spanish["ir.model"]._get("crm.cost.driver").name, "Inductor de coste")
