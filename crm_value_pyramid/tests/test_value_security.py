from odoo.tests import tagged

from odoo.addons.crm_rfm.tests.security_matrix import SecurityMatrixCase

from .common import MAY_FROM, MAY_TO

READ_ONLY = {"portal": set(), "salesman": {"read"}, "value_manager": {"read"}, "other_company": set()}

ALL = {"read", "write", "create", "unlink"}


@tagged("post_install", "-at_install")
class TestValueSecurityMatrix(SecurityMatrixCase):
    ROLE_GROUPS = {**SecurityMatrixCase.ROLE_GROUPS, "value_manager": "crm_value_pyramid.group_value_manager"}
    OTHER_COMPANY_GROUPS = "crm_value_pyramid.group_value_manager"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        partner = cls.invoiced_customer(MAY_FROM)
        cls.driver = cls.env["crm.cost.driver"].create({
            "name": "Invoices", "source": "invoice", "rate": 5.0, "company_id": cls.company.id,
        })
        cls.direct_cost = cls.env["crm.customer.cost"].create({
            "partner_id": partner.id, "amount": 20.0, "date": MAY_TO, "company_id": cls.company.id,
        })
        cls.value_run = cls.company._value_pyramid_recompute(MAY_FROM, MAY_TO)
        cls.line = cls.value_run.line_ids.filtered(lambda line: line.partner_id == partner)

    def test_cost_drivers(self):
        self.assert_matrix(self.driver, {
            "portal": set(), "salesman": set(), "sales_manager": set(), "value_manager": ALL,
            "other_company": set(),
        }, {"name": "Renamed"})

    def test_direct_costs(self):
        self.assert_matrix(self.direct_cost, {
            "portal": set(), "salesman": set(), "sales_manager": set(), "value_manager": ALL,
            "other_company": set(),
        }, {"note": "changed"})

    def test_runs_and_lines(self):
        readers = {"portal": set(), "salesman": {"read"}, "sales_manager": {"read"}, "value_manager": {"read"},
                   "other_company": set()}
        self.assert_matrix(self.value_run, {**readers, "value_manager": {"read", "unlink"}}, {"duration": 1.0})
        self.assert_matrix(self.line, readers, {"level": "top"})

    def test_driver_costs_of_a_run(self):
        managers_only = {"portal": set(), "salesman": set(), "sales_manager": set(), "value_manager": {"read"},
                         "other_company": set()}
        self.assert_matrix(self.value_run.driver_ids, managers_only, {"total_quantity": 7})
        self.assert_matrix(self.line.cost_ids, managers_only, {"quantity": 7})


@tagged("post_install", "-at_install")
class TestRfmSecurityForValueManagers(SecurityMatrixCase):
    """crm_rfm's models with the Customer Value Manager (a group crm_rfm cannot
    know of) among the roles: a salesperson's rights, not a sales manager's."""

    ROLE_GROUPS = {**SecurityMatrixCase.ROLE_GROUPS, "value_manager": "crm_value_pyramid.group_value_manager"}

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
