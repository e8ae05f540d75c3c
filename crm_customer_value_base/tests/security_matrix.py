"""Who may do what on the addons' models, tried the two ways a user reaches
them: the ORM, and the JSON-RPC call the web client makes.

A test lists the rights it expects per model and role (written out, not read
from ir.model.access.csv, so a wrong CSV line fails); the mixin tries every
operation for every role and compares.
"""

import json

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user
from odoo.tests.common import JsonRpcException
from odoo.tools import json_default, mute_logger

OPERATIONS = ("read", "write", "create", "unlink")
# What the web client is told when access is refused.
ACCESS_ERROR = "odoo.exceptions.AccessError"


class SecurityMatrixCase(HttpCase):
    """Roles: a portal user, a salesperson, a sales manager (more in
    ROLE_GROUPS of a subclass) and a user of another company (the records
    under test belong to the main company)."""

    # Groups of the other company's user: enough to read every model tried.
    OTHER_COMPANY_GROUPS = "sales_team.group_sale_salesman"
    ROLE_GROUPS = {
        "portal": "base.group_portal",
        "salesman": "sales_team.group_sale_salesman",
        "sales_manager": "sales_team.group_sale_manager",
    }

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.ref("base.main_company")
        cls.other_company = cls.env["res.company"].create({"name": "Other Company (security)"})
        cls.users = {
            role: new_test_user(cls.env, login=f"sec_{role}", password=f"sec_{role}_pwd", groups=groups,
                                company_id=cls.company.id, company_ids=[(6, 0, cls.company.ids)])
            for role, groups in cls.ROLE_GROUPS.items()
        }
        cls.users["other_company"] = new_test_user(
            cls.env, login="sec_other_company", password="sec_other_company_pwd",
            groups=cls.OTHER_COMPANY_GROUPS,
            company_id=cls.other_company.id, company_ids=[(6, 0, cls.other_company.ids)],
        )

    @classmethod
    def invoiced_customer(cls, invoice_date):
        """A customer with one posted invoice of 100 on ``invoice_date``: what a run needs to have a row to secure."""
        partner = cls.env["res.partner"].create({"name": "Secured customer"})
        cls.env["account.move"].create({
            "move_type": "out_invoice", "partner_id": partner.id, "invoice_date": invoice_date,
            "invoice_line_ids": [(0, 0, {"name": "goods", "price_unit": 100.0, "tax_ids": []})],
        }).action_post()
        return partner

    def orm_allows(self, user, records, operation):
        try:
            records.with_user(user).check_access(operation)
        except AccessError:
            return False
        return True

    def rpc_reads(self, role, model, ids):
        """The ids among ``ids`` that the web client's search_read returns to
        ``role``; None when the call is refused."""
        self.authenticate(f"sec_{role}", f"sec_{role}_pwd")
        try:
            with mute_logger("odoo.http"):
                rows = self.make_jsonrpc_request(f"/web/dataset/call_kw/{model}/search_read", {
                    "model": model, "method": "search_read", "args": [[("id", "in", ids)], ["id"]], "kwargs": {},
                })
        except JsonRpcException:
            return None
        return sorted(row["id"] for row in rows)

    def rpc_writes(self, role, model, record_id, values):
        self.authenticate(f"sec_{role}", f"sec_{role}_pwd")
        try:
            with mute_logger("odoo.http"):
                self.make_jsonrpc_request(f"/web/dataset/call_kw/{model}/write", {
                    "model": model, "method": "write", "args": [[record_id], values], "kwargs": {},
                })
        except JsonRpcException:
            return False
        return True

    def rpc_error(self, role, model, method, args):
        """The exception class the web client's call of ``method`` meets as ``role`` (None: it went through)."""
        self.authenticate(f"sec_{role}", f"sec_{role}_pwd")
        try:
            with mute_logger("odoo.http"):
                self.make_jsonrpc_request(f"/web/dataset/call_kw/{model}/{method}", {
                    "model": model, "method": method, "args": args, "kwargs": {},
                })
        except JsonRpcException as error:
            return str(error)
        return None

    def assert_matrix(self, records, expected, write_values, hidden_by_rules=()):
        """``expected``: role -> set of allowed operations on ``records`` (one
        record of the main company). Checks the ORM, then the JSON-RPC read
        and write the web client would send, and its unlink and create where
        refused.
        The roles in ``hidden_by_rules`` may search the model but a record
        rule hides ``records`` from them: their search finds nothing rather
        than being refused."""
        model = records._name
        for role, allowed in expected.items():
            user = self.users[role]
            with self.subTest(model=model, role=role, path="orm"):
                actual = {operation for operation in OPERATIONS if self.orm_allows(user, records, operation)}
                self.assertEqual(actual, allowed)
            with self.subTest(model=model, role=role, path="json-rpc read"):
                # The other company's user may search the model (its groups
                # read every model tried) and finds nothing of this company;
                # the other roles without read access are refused.
                expected_read = sorted(records.ids) if "read" in allowed else (
                    [] if role == "other_company" or role in hidden_by_rules else None)
                self.assertEqual(self.rpc_reads(role, model, records.ids), expected_read)
            with self.subTest(model=model, role=role, path="json-rpc write"):
                before = records.read(list(write_values))
                self.assertEqual(self.rpc_writes(role, model, records.id, write_values), "write" in allowed)
                if "write" not in allowed:
                    records.invalidate_recordset()
                    self.assertEqual(records.read(list(write_values)), before, "a refused write changed nothing")
            if "unlink" not in allowed:
                # Only where refused: an allowed unlink would take the record from the next roles.
                with self.subTest(model=model, role=role, path="json-rpc unlink"):
                    self.assertEqual(self.rpc_error(role, model, "unlink", [records.ids]), ACCESS_ERROR)
                    self.assertEqual(records.exists(), records, "a refused unlink deleted nothing")
            if not self.env["ir.model.access"].with_user(user).check(model, "create", raise_exception=False):
                # Refused by the access rights, before any value is looked at
                # (a refusal by a record rule is the ORM check's above).
                self.assertNotIn("create", allowed)
                with self.subTest(model=model, role=role, path="json-rpc create"):
                    count = records.sudo().with_context(active_test=False).search_count([])
                    # Values a user allowed to create could send (a model's create
                    # override may read them before the access check).
                    values = json.loads(json.dumps(records.sudo().copy_data()[0], default=json_default))
                    self.assertEqual(self.rpc_error(role, model, "create", [values]), ACCESS_ERROR)
                    self.assertEqual(records.sudo().with_context(active_test=False).search_count([]), count,
                                     "a refused create created nothing")
