from datetime import date

from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestRfmInSpanish(TransactionCase):
    """A Spanish-speaking user reads the segments, their actions, and the fields
    of crm_rfm in Spanish (i18n/es.po loaded as on install)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("es_ES")
        cls.env["ir.module.module"]._load_module_terms(["crm_rfm"], ["es_ES"], overwrite=True)
        cls.spanish = cls.env(context={"lang": "es_ES"})

    def test_segments_and_actions(self):
        champions = self.spanish.ref("crm_rfm.segment_champions")
        self.assertEqual(champions.name, "Campeones")
        self.assertEqual(self.spanish.ref("crm_rfm.segment_at_risk").name, "En riesgo")
        self.assertNotEqual(champions.suggested_action, champions.with_context(lang="en_US").suggested_action)

    def test_field_labels(self):
        partner_fields = self.spanish["res.partner"].fields_get(["rfm_segment_id", "clv_value"])
        self.assertEqual(partner_fields["rfm_segment_id"]["string"], "Segmento RFM")
        self.assertEqual(partner_fields["clv_value"]["string"], "Valor de vida del cliente")

    def test_error_messages(self):
        # The message of a user's mistake, in his language.
        jpy = self.env.ref("base.JPY")
        jpy.sudo().write({"active": True})
        jpy.rate_ids.sudo().unlink()
        company = self.env.company
        self.env["account.move"].create({
            "move_type": "out_invoice", "partner_id": self.env["res.partner"].create({"name": "Yen buyer"}).id,
            "invoice_date": "2026-05-01", "currency_id": jpy.id,
            "invoice_line_ids": [(0, 0, {"name": "goods", "price_unit": 500.0, "tax_ids": []})],
        }).action_post()
        with self.assertRaisesRegex(UserError, "no se pueden convertir a .* No se ha recalculado nada"):
            self.spanish["crm.purchase.facts"]._check_currency_rates(
                company, "invoice", date(2026, 1, 1), date(2026, 6, 30))

    def test_segment_errors(self):
        company = self.spanish["res.company"].browse(self.env.company.id)
        for name in ("Twin A", "Twin B"):  # the same purchase: both score 111
            self.env["account.move"].create({
                "move_type": "out_invoice", "partner_id": self.env["res.partner"].create({"name": name}).id,
                "invoice_date": "2026-05-01",
                "invoice_line_ids": [(0, 0, {"name": "goods", "price_unit": 100.0, "tax_ids": []})],
            }).action_post()
        self.env["crm.rfm.segment"].search([]).action_archive()
        with self.assertRaisesRegex(UserError, "no tiene ningún segmento RFM activo, por lo que no se ha recalculado"):
            company._rfm_recompute(as_of=date(2026, 6, 30))
        self.env["crm.rfm.segment"].create({"name": "Only the best", "r_min": 5, "f_min": 5})
        with self.assertRaisesRegex(UserError, r"R-F-M: 111 \(2 clientes\)\.$"):
            company._rfm_recompute(as_of=date(2026, 6, 30))
        self.assertFalse(company.rfm_current_run_id)
