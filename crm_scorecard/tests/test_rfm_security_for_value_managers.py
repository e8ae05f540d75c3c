from odoo.tests import tagged

from odoo.addons.crm_customer_value_base.tests.security_matrix import SecurityMatrixCase
from odoo.addons.crm_value_pyramid.tests.common import MAY_FROM, MAY_TO
from odoo.addons.crm_value_pyramid.tests.test_value_security import ALL, READ_ONLY


@tagged("post_install", "-at_install")
class TestRfmSecurityForValueManagers(SecurityMatrixCase):
    """crm_rfm's models with the Customer Value Manager (a group crm_rfm cannot
    know of) among the roles: a salesperson's rights, not a sales manager's."""

    ROLE_GROUPS = {**SecurityMatrixCase.ROLE_GROUPS, "value_manager": "crm_customer_value_base.group_value_manager"}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.invoiced_customer(MAY_FROM)
        cls.rfm_run = cls.company._rfm_recompute(as_of=MAY_TO)
        cls.clv_model = cls.company._clv_fit(as_of=MAY_TO)

    def test_segments(self):
        self.assert_matrix(self.env.ref("crm_rfm.segment_champions"), {
            **READ_ONLY, "sales_manager": ALL, "other_company": {"read"},
        }, {"suggested_action": "Call them"})

    def test_runs_snapshots_and_clv_models(self):
        self.assertTrue(self.rfm_run.snapshot_ids)
        self.assert_matrix(self.rfm_run, {**READ_ONLY, "sales_manager": {"read", "unlink"}}, {"scored_count": 99})
        self.assert_matrix(self.rfm_run.snapshot_ids[:1], {**READ_ONLY, "sales_manager": {"read"}},
                           {"rfm_score": "111"})
        self.assert_matrix(self.clv_model, {**READ_ONLY, "sales_manager": {"read", "unlink"}},
                           {"message": "Rewritten"})
