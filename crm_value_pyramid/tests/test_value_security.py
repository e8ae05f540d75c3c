from odoo.tests import tagged

from odoo.addons.crm_customer_value_base.tests.security_matrix import SecurityMatrixCase

from .common import MAY_FROM, MAY_TO

READ_ONLY = {"portal": set(), "salesman": {"read"}, "value_manager": {"read"}, "other_company": set()}

ALL = {"read", "write", "create", "unlink"}


@tagged("post_install", "-at_install")
class TestValueSecurityMatrix(SecurityMatrixCase):
    ROLE_GROUPS = {**SecurityMatrixCase.ROLE_GROUPS, "value_manager": "crm_customer_value_base.group_value_manager"}
    OTHER_COMPANY_GROUPS = "crm_customer_value_base.group_value_manager"

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
