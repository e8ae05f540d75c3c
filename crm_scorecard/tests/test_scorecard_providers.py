"""The scorecard engine is apart from its configuration: each built-in KPI
is computed by the provider that declares its code, and a code no provider
computes is an error, never a silent "no value"."""

from datetime import date

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import ScorecardCase


@tagged("post_install", "-at_install")
class TestScorecardProviders(ScorecardCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.invoice(cls.customer("Provided"), "2026-02-10", 120)

    def test_every_builtin_kpi_of_the_data_has_a_provider(self):
        providers = self.env["crm.scorecard.provider"]._providers()
        kpis = self.env["crm.scorecard.kpi"].with_context(active_test=False).search(
            [("formula_type", "=", "builtin")])
        self.assertEqual(len(kpis), 21)
        self.assertEqual(sorted(set(kpis.mapped("code")) - set(providers)), [])
        # Each code has one provider: no two providers claim it.
        claimed = [code for name in self.env["crm.scorecard.provider"]._inherit_children
                   for code in self.env[name]._provider_codes]
        self.assertEqual(len(claimed), len(set(claimed)))
        self.assertEqual(providers["nps"]._name, "crm.scorecard.provider.satisfaction")
        self.assertEqual(providers["net_revenue"]._name, "crm.scorecard.provider.customers")

    def test_a_misspelled_builtin_code_is_refused_on_save(self):
        Kpi = self.env["crm.scorecard.kpi"]
        with self.assertRaisesRegex(ValidationError, "No installed addon computes these KPI codes: net_revenu"):
            Kpi.create({"code": "net_revenu", "name": "Revenue (typo)", "perspective": "financial",
                        "formula_type": "builtin"})
        kpi = Kpi.create({"code": "revenue_twice", "name": "Twice", "perspective": "financial",
                          "formula": "net_revenue * 2"})
        with self.assertRaisesRegex(ValidationError, "revenue_twice"):
            kpi.formula_type = "builtin"

    def test_an_unprovided_code_fails_the_compute_and_its_drill_down(self):
        self.company._scorecard_compute(date(2026, 2, 1), date(2026, 2, 28))
        before = self.values()
        self.assertEqual(before["net_revenue"]["2026-02-01"], 120.0)
        # As a database would be whose provider went away (an addon uninstalled): the constraint is not run.
        kpi = self.env["crm.scorecard.kpi"].search([("code", "=", "net_revenue")])
        self.env.cr.execute("UPDATE crm_scorecard_kpi SET code = 'gross_revenue' WHERE id = %s", [kpi.id])
        kpi.invalidate_recordset()
        with self.assertRaisesRegex(UserError, "gross_revenue"):
            self.company._scorecard_compute(date(2026, 2, 1), date(2026, 2, 28))
        value = self.env["crm.scorecard.value"].search([
            ("kpi_id", "=", kpi.id), ("company_id", "=", self.company.id), ("team_id", "=", False)], limit=1)
        self.assertEqual((value.actual, value.has_actual), (120.0, True), "nothing was overwritten")
        with self.assertRaisesRegex(UserError, "gross_revenue"):
            value.action_open_records()

    def test_a_formula_opens_the_active_customers(self):
        self.company._scorecard_compute(date(2026, 2, 1), date(2026, 2, 28))
        value = self.env["crm.scorecard.value"].search([
            ("kpi_id.code", "=", "revenue_per_customer"), ("company_id", "=", self.company.id),
            ("team_id", "=", False), ("period_start", "=", "2026-02-01")])
        self.assertEqual(value.actual, 120.0)
        action = value.action_open_records()
        self.assertEqual(action["res_model"], "res.partner")
        self.assertEqual(self.env["res.partner"].search(action["domain"]).mapped("name"), ["Provided"])
