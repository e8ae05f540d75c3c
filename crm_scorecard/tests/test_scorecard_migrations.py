import importlib.util
from pathlib import Path

from odoo.tests import TransactionCase, tagged

MIGRATIONS = Path(__file__).parent.parent / "migrations"


def load_migration(version, name="post-migrate"):
    path = MIGRATIONS / version / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"crm_scorecard_migration_{version.replace('.', '_')}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@tagged("post_install", "-at_install")
class TestScorecardMigrations(TransactionCase):
    def test_upgrade_to_18_0_1_1_0_marks_profit_kpis_confidential(self):
        Kpi = self.env["crm.scorecard.kpi"].with_context(active_test=False)
        user_formula = Kpi.create({
            "code": "profit_twice", "name": "Profit twice", "perspective": "financial", "unit": "money",
            "formula_type": "formula", "formula": "profit_after_cost_to_serve * 2",
        })
        # 18.0.1.0.0 had no flag: every KPI reads as not confidential.
        self.env.cr.execute("UPDATE crm_scorecard_kpi SET confidential = false")
        Kpi.invalidate_model()
        load_migration("18.0.1.1.0").migrate(self.env.cr, "18.0.1.0.0")
        Kpi.invalidate_model()
        self.assertEqual(
            set(Kpi.search([("confidential", "=", True)]).mapped("code")),
            {"profit_after_cost_to_serve", "profit_per_customer", "cost_to_serve_pct", "profit_twice"},
        )
        self.assertTrue(user_formula.confidential)

    def test_upgrade_to_18_0_1_3_0_keeps_the_active_customer_window(self):
        """The scorecard's window became the company's Active customers setting (crm_customer_value_base)."""
        company = self.env.company
        # As 18.0.1.2.0 left it: the window in the scorecard's own column (Odoo keeps a dropped field's
        # column until the upgrade ends).
        self.env.cr.execute("ALTER TABLE res_company ADD COLUMN IF NOT EXISTS scorecard_window_months int")
        self.env.cr.execute("UPDATE res_company SET scorecard_window_months = 7 WHERE id = %s", [company.id])
        self.assertEqual(company.customer_active_months, 12)
        load_migration("18.0.1.3.0").migrate(self.env.cr, "18.0.1.2.0")
        company.invalidate_recordset()
        self.assertEqual(company.customer_active_months, 7)
