from odoo.tests import tagged

from odoo.addons.crm_customer_value_base.tests.security_matrix import SecurityMatrixCase

from .common import AS_OF


@tagged("post_install", "-at_install")
class TestRfmSecurityMatrix(SecurityMatrixCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.invoiced_customer(AS_OF)
        cls.rfm_run = cls.company._rfm_recompute(as_of=AS_OF)
        # One customer bought once: the fit fails, but is recorded all the same.
        cls.clv_model = cls.company._clv_fit(as_of=AS_OF)

    def test_segments(self):
        segment = self.env.ref("crm_rfm.segment_champions")
        self.assert_matrix(segment, {
            "portal": set(), "salesman": {"read"},
            "sales_manager": {"read", "write", "create", "unlink"}, "other_company": {"read"},
        }, {"suggested_action": "Call them"})

    def test_runs(self):
        self.assert_matrix(self.rfm_run, {
            "portal": set(), "salesman": {"read"}, "sales_manager": {"read", "unlink"}, "other_company": set(),
        }, {"scored_count": 99})

    def test_snapshots(self):
        self.assert_matrix(self.rfm_run.snapshot_ids[:1], {
            "portal": set(), "salesman": {"read"}, "sales_manager": {"read"}, "other_company": set(),
        }, {"rfm_score": "111"})

    def test_clv_models(self):
        self.assertEqual((self.clv_model.company_id, self.clv_model.state), (self.company, "failed"))
        self.assert_matrix(self.clv_model, {
            "portal": set(), "salesman": {"read"}, "sales_manager": {"read", "unlink"}, "other_company": set(),
        }, {"message": "Rewritten"})
