from odoo.addons.crm_rfm.tests.common import RfmCase
from odoo.addons.crm_value_pyramid.models.crm_cost_driver import MANAGER as VALUE_MANAGER


class ScorecardCase(RfmCase):
    """Hand-built customers and invoices, and the stored values of a scorecard."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The tests read every KPI, profit and costs included, as a Customer
        # Value Manager; test_scorecard_security covers the other roles.
        cls.env.user.groups_id |= cls.env.ref(VALUE_MANAGER)

    def values(self, company=None, period="month"):
        """{kpi code: {period start (ISO): actual or None}} of the stored values."""
        company = company or self.company
        result = {}
        for value in self.env["crm.scorecard.value"].search(
            [("company_id", "=", company.id), ("period_type", "=", period), ("team_id", "=", False)]
        ):
            actual = round(value.actual, 2) if value.has_actual else None
            result.setdefault(value.kpi_id.code, {})[value.period_start.isoformat()] = actual
        return result
