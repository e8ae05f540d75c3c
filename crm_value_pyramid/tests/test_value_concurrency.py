from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.crm_customer_value_base.tests.concurrency import recompute_running_elsewhere

from ..models.crm_value_run import RECOMPUTE_LOCK
from .common import MAY_FROM, MAY_TO, ValueCase


@tagged("post_install", "-at_install")
class TestValueConcurrentRecomputes(ValueCase):
    def test_a_second_recompute_of_the_same_company_is_refused(self):
        buyer = self.customer("Buyer")
        self.invoice(buyer, MAY_FROM, 100)
        other_company = self.setup_other_company()["company"]
        self.invoice(buyer, MAY_FROM, 70, company=other_company)
        with recompute_running_elsewhere(self.env, RECOMPUTE_LOCK, self.company):
            with self.assertRaisesRegex(UserError, "already running for"):
                self.company._value_pyramid_recompute(MAY_FROM, MAY_TO)
            self.assertFalse(self.env["crm.value.run"].search([("company_id", "=", self.company.id)]))
            self.assertFalse(buyer.with_company(self.company).value_revenue)
            # The lock is per company: another company recomputes meanwhile.
            other_company._value_pyramid_recompute(MAY_FROM, MAY_TO)
            self.assertEqual(buyer.with_company(other_company).value_revenue, 70)
        self.company._value_pyramid_recompute(MAY_FROM, MAY_TO)
        self.assertEqual(buyer.with_company(self.company).value_revenue, 100)
