from odoo.addons.crm_rfm.tests.common import RfmCase


class ScorecardCase(RfmCase):
    """Hand-built customers and invoices, and the stored values of a scorecard."""

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
