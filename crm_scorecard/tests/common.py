from odoo import fields

from odoo.addons.crm_customer_value_base.tools.access import VALUE_MANAGER
from odoo.addons.crm_rfm.tests.common import RfmCase


class ScorecardCase(RfmCase):
    """Hand-built customers and invoices, and the stored values of a scorecard."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The tests read every KPI, profit and costs included, as a Customer
        # Value Manager; test_scorecard_security covers the other roles.
        cls.env.user.groups_id |= cls.env.ref(VALUE_MANAGER)

    def run_scorecard_cron(self):
        """As the scheduler does: as superuser, one company per call while some are due
        (the runner commits between calls)."""
        Company = self.env["res.company"].sudo()
        engine = self.env["crm.scorecard.engine"].sudo()
        due = engine._run_cron_due_domain(fields.Date.context_today(Company))
        for _call in range(Company.search_count([]) + 1):
            if not Company.search_count(due):
                return
            engine._run_cron()
        self.fail("the scorecard cron does not come to an end")

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
