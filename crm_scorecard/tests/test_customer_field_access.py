"""Who reads what the addons say about a customer, field by field.

What a customer is (segment, scores, level) is for the employees; what it
spends and is worth (monetary value, CLV, revenue, costs, profit) for the
Customer Value Managers (crm_customer_value_base/tools/access.py). Tried for
every such field, as five roles and a user of another company, the ways a
user reaches a field: read (ORM and the web client's JSON-RPC), search,
group, sort and export.

The customer is the portal user's own company, so that the portal user
probes the one customer he may read: his own.
"""

from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from odoo.addons.crm_customer_value_base.tests.security_matrix import SecurityMatrixCase
from odoo.addons.crm_customer_value_base.tools.access import VALUE_MANAGER

MAY_FROM, MAY_TO = date(2026, 5, 1), date(2026, 5, 31)

EMPLOYEES = {"salesman", "salesman_all", "sales_manager", "value_manager"}
VALUE_MANAGERS = {"value_manager"}

# Partner field -> (the roles that may read it, what the customer's one
# invoice of 1,000 on 10 May gives as of 31 May, with one driver of 100 over
# May, worked out by hand; None: compared with the row of the run instead).
PARTNER_FIELDS = {
    "rfm_last_purchase_date": (EMPLOYEES, date(2026, 5, 10)),
    "rfm_recency_days": (EMPLOYEES, 21),
    "rfm_frequency": (EMPLOYEES, 1),
    "rfm_r_score": (EMPLOYEES, None),
    "rfm_f_score": (EMPLOYEES, None),
    "rfm_m_score": (EMPLOYEES, None),
    "rfm_score": (EMPLOYEES, None),
    "rfm_segment_id": (EMPLOYEES, None),
    "value_pyramid_level": (EMPLOYEES, "top"),
    "rfm_monetary": (VALUE_MANAGERS, 1000.0),
    "clv_p_alive": (VALUE_MANAGERS, None),
    "clv_expected_purchases": (VALUE_MANAGERS, None),
    "clv_value": (VALUE_MANAGERS, None),
    "clv_repeat_purchases": (VALUE_MANAGERS, 0),
    "clv_usual_gap_days": (VALUE_MANAGERS, 0.0),
    "clv_days_since_last_purchase": (VALUE_MANAGERS, 21),
    "clv_p_alive_explanation": (VALUE_MANAGERS, "One purchase, 21 days ago: no buying rhythm yet, so the model "
                                                "counts the customer as alive until a second purchase shows one."),
    "value_revenue": (VALUE_MANAGERS, 1000.0),
    "value_cogs": (VALUE_MANAGERS, 0.0),
    "value_cost_to_serve": (VALUE_MANAGERS, 100.0),
    "value_profit": (VALUE_MANAGERS, 900.0),
}
# The partner field -> the column of the run row it shows (for the None above).
ROW_COLUMNS = {"rfm_r_score": "r_score", "rfm_f_score": "f_score", "rfm_m_score": "m_score",
               "rfm_score": "rfm_score", "rfm_segment_id": "segment_id", "clv_p_alive": "p_alive",
               "clv_expected_purchases": "expected_purchases", "clv_value": "value"}

# Money fields of the run rows and runs the employees read: model -> fields.
ROW_MONEY_FIELDS = {
    "crm.rfm.snapshot": ["monetary"],
    "crm.rfm.run": ["segment_summary"],
    "crm.rfm.segment": ["revenue_share"],
    "crm.value.line": ["revenue", "cogs", "gross_margin", "driver_cost", "direct_cost", "fixed_cost",
                       "cost_to_serve", "profit", "profit_share", "cumulative_profit_pct", "whale_point_pct"],
    "crm.value.run": ["revenue", "cogs", "gross_margin", "driver_cost", "driver_unallocated", "direct_cost",
                      "fixed_pool", "fixed_cost", "fixed_unallocated", "profit", "net_profit"],
}
# What the employees read of the same records: the matrix is not "refuse everything".
ROW_PLAIN_FIELDS = {
    "crm.rfm.snapshot": ["segment_id", "rfm_score", "frequency"],
    "crm.rfm.run": ["scored_count"],
    "crm.rfm.segment": ["customer_count"],
    "crm.value.line": ["level", "profit_rank"],
    "crm.value.run": ["active_count"],
}


@tagged("post_install", "-at_install")
class TestCustomerFieldAccess(SecurityMatrixCase):

    ROLE_GROUPS = {
        **SecurityMatrixCase.ROLE_GROUPS,
        "salesman_all": "sales_team.group_sale_salesman_all_leads",
        "value_manager": VALUE_MANAGER,
    }
    # The other company's user is a value manager there: the group gives no
    # sight of another company's customers' money.
    OTHER_COMPANY_GROUPS = f"{VALUE_MANAGER},base.group_allow_export"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        export = cls.env.ref("base.group_allow_export")
        for user in cls.users.values():
            if not user.share:
                user.groups_id |= export
        cls.customer = cls.users["portal"].partner_id
        cls.env["account.move"].create({
            "move_type": "out_invoice", "partner_id": cls.customer.id, "invoice_date": date(2026, 5, 10),
            "invoice_line_ids": [(0, 0, {"name": "goods", "price_unit": 1000.0, "tax_ids": []})],
        }).action_post()
        # Ten repeat buyers of 200 three times: what the CLV model needs to be fitted.
        for index in range(10):
            other = cls.env["res.partner"].create({"name": f"Repeat buyer {index}"})
            for day in ("2025-09-03", "2026-01-15", f"2026-04-{index + 10}"):
                cls.env["account.move"].create({
                    "move_type": "out_invoice", "partner_id": other.id, "invoice_date": day,
                    "invoice_line_ids": [(0, 0, {"name": "goods", "price_unit": 200.0, "tax_ids": []})],
                }).action_post()
        cls.env["crm.cost.driver"].create({
            "name": "Invoicing", "source": "invoice", "rate_method": "entered", "rate": 100.0,
            "company_id": cls.company.id,
        })
        cls.rfm_run = cls.company._rfm_recompute(as_of=MAY_TO)
        cls.clv_model = cls.company._clv_fit(as_of=MAY_TO)
        cls.value_run = cls.company._value_pyramid_recompute(MAY_FROM, MAY_TO)
        cls.snapshot = cls.rfm_run.snapshot_ids.filtered(lambda row: row.partner_id == cls.customer)
        cls.clv_score = cls.env["crm.clv.score"].search(
            [("model_id", "=", cls.clv_model.id), ("partner_id", "=", cls.customer.id)])
        cls.line = cls.value_run.line_ids.filtered(lambda row: row.partner_id == cls.customer)
        cls.records = {
            "crm.rfm.snapshot": cls.snapshot,
            "crm.rfm.run": cls.rfm_run,
            "crm.rfm.segment": cls.snapshot.segment_id,
            "crm.value.line": cls.line,
            "crm.value.run": cls.value_run,
        }

    def expected_value(self, field_name):
        """The customer's value of ``field_name`` as the value manager of the main company reads it."""
        value = PARTNER_FIELDS[field_name][1]
        if value is not None:
            return value
        row = self.clv_score if field_name.startswith("clv_") else self.snapshot
        value = row[ROW_COLUMNS[field_name]]
        return value.id if field_name == "rfm_segment_id" else value

    def operations(self, user, model, field_name, record):
        """{operation: the value it gave, or AccessError}: read, search, group, sort, export."""
        records = self.env[model].with_user(user)
        field = records._fields[field_name]
        attempts = {
            "read": lambda: record.with_user(user).read([field_name])[0][field_name],
            "export": lambda: record.with_user(user).export_data([field_name])["datas"][0][0],
        }
        # Fields in SQL (stored, or read from a current run) are also
        # searched, sorted and grouped; the others are read and exported only.
        in_sql = field.store or field_name in getattr(records, "_current_run_columns", dict)()
        if field.type != "json" and in_sql:
            attempts["sort"] = lambda: records.search([("id", "=", record.id)], order=f"{field_name} desc").ids
            attempts["search"] = lambda: records.search(
                [("id", "=", record.id), "|", (field_name, "=", False), (field_name, "!=", False)]).ids
            groupby = f"{field_name}:month" if field.type == "date" else field_name
            attempts["group"] = (
                lambda: records._read_group([("id", "=", record.id)], [], [f"{field_name}:sum"])[0][0]
            ) if field.type in ("float", "monetary", "integer") else (
                lambda: [group for group, in records._read_group([("id", "=", record.id)], [groupby])]
            )
        results = {}
        for operation, attempt in attempts.items():
            # Each attempt reads from the database, as a request would, not
            # from the values an earlier user's read left in the cache.
            self.env.invalidate_all()
            try:
                results[operation] = attempt()
            except AccessError:
                results[operation] = AccessError
            except UserError as error:
                # The portal user may export nothing at all.
                self.assertIn("rights to export", str(error))
                results[operation] = AccessError
        return results

    def rpc_read(self, role, model, record_id, field_names):
        """What the web client's read of ``field_names`` answers ``role``: {field: value} or the error's name."""
        self.authenticate(f"sec_{role}", f"sec_{role}_pwd")
        try:
            with mute_logger("odoo.http"):
                rows = self.make_jsonrpc_request(f"/web/dataset/call_kw/{model}/read", {
                    "model": model, "method": "read", "args": [[record_id], field_names], "kwargs": {},
                })
        except JsonRpcException as error:
            return str(error)
        return {name: rows[0][name] for name in field_names}

    def test_partner_fields(self):
        self.assertEqual(self.clv_model.state, "fitted", self.clv_model.message)
        self.assertTrue(self.clv_score, "the customer has a CLV score")
        for role, user in self.users.items():
            for field_name, (readers, _value) in PARTNER_FIELDS.items():
                with self.subTest(role=role, field=field_name):
                    results = self.operations(user, "res.partner", field_name, self.customer)
                    if role == "other_company":
                        # His company has no run: the customer is nothing
                        # there, and the money he may see is none of this
                        # company's.
                        self.assertIn(results["read"], (False, 0, 0.0))
                        continue
                    if role not in readers:
                        self.assertEqual(set(results.values()), {AccessError}, results)
                        continue
                    value = self.expected_value(field_name)
                    read = results["read"]
                    self.assertEqual(read[0] if field_name == "rfm_segment_id" else read, value)
                    self.assertNotIn(AccessError, results.values(), results)
                    for operation in ("search", "sort"):
                        if operation in results:
                            self.assertEqual(results[operation], self.customer.ids)

    def test_partner_fields_through_json_rpc(self):
        money = [name for name, (readers, _value) in PARTNER_FIELDS.items() if readers == VALUE_MANAGERS]
        plain = [name for name, (readers, _value) in PARTNER_FIELDS.items() if readers == EMPLOYEES]
        for role in self.users:
            with self.subTest(role=role):
                if role == "portal":
                    self.assertIn("AccessError", self.rpc_read(role, "res.partner", self.customer.id, plain[:1]))
                else:
                    self.assertEqual(self.rpc_read(role, "res.partner", self.customer.id, ["rfm_frequency"]),
                                     {"rfm_frequency": 0 if role == "other_company" else 1})
                money_read = self.rpc_read(role, "res.partner", self.customer.id, ["value_profit", "rfm_monetary"])
                if role in VALUE_MANAGERS:
                    self.assertEqual(money_read, {"value_profit": 900.0, "rfm_monetary": 1000.0})
                elif role == "other_company":
                    self.assertEqual(money_read, {"value_profit": 0.0, "rfm_monetary": 0.0})
                else:
                    self.assertIn("AccessError", money_read)
                # The fields the web client is told of: what the views show.
                self.authenticate(f"sec_{role}", f"sec_{role}_pwd")
                described = set(self.make_jsonrpc_request("/web/dataset/call_kw/res.partner/fields_get", {
                    "model": "res.partner", "method": "fields_get", "args": [], "kwargs": {"attributes": ["type"]},
                }))
                self.assertEqual(set(money) <= described, role in VALUE_MANAGERS or role == "other_company")
                self.assertEqual(set(plain) <= described, role != "portal")

    def test_run_rows_money(self):
        for role in ("salesman", "salesman_all", "sales_manager", "value_manager"):
            user = self.users[role]
            for model, field_names in ROW_MONEY_FIELDS.items():
                record = self.records[model]
                for field_name in field_names:
                    with self.subTest(role=role, model=model, field=field_name):
                        results = self.operations(user, model, field_name, record)
                        if role in VALUE_MANAGERS:
                            self.assertNotIn(AccessError, results.values())
                            self.assertEqual(results["read"], record.sudo()[field_name])
                        else:
                            self.assertEqual(set(results.values()), {AccessError}, results)
                for field_name in ROW_PLAIN_FIELDS[model]:
                    with self.subTest(role=role, model=model, field=field_name):
                        results = self.operations(user, model, field_name, record)
                        self.assertNotIn(AccessError, results.values())
        # Hand-worked values the value manager reads.
        manager = self.users["value_manager"]
        self.assertEqual(self.snapshot.with_user(manager).monetary, 1000.0)
        self.assertEqual((self.line.with_user(manager).revenue, self.line.with_user(manager).profit), (1000.0, 900.0))
        # The RFM window holds 1,000 + 10 x 3 x 200 of purchases: 1,000 are the customer's.
        share = self.snapshot.segment_id.with_user(manager).revenue_share
        others = self.rfm_run.snapshot_ids.filtered(lambda row: row.segment_id == self.snapshot.segment_id)
        self.assertAlmostEqual(share, 100.0 * (1000 + 600 * (len(others) - 1)) / 7000, places=1)

    def test_clv_scores_are_money_only(self):
        for role in ("salesman", "salesman_all", "sales_manager"):
            with self.subTest(role=role), self.assertRaises(AccessError):
                self.env["crm.clv.score"].with_user(self.users[role]).search([])
        scores = self.env["crm.clv.score"].with_user(self.users["value_manager"]).search(
            [("partner_id", "=", self.customer.id)], order="value desc")
        self.assertEqual(scores, self.clv_score)
        self.assertEqual(scores.value, self.customer.with_user(self.users["value_manager"]).clv_value)

    def test_the_group_belongs_to_the_base_addon_with_its_members(self):
        group = self.env.ref(VALUE_MANAGER)
        self.assertEqual(self.env["ir.model.data"].search(
            [("model", "=", "res.groups"), ("res_id", "=", group.id)]).module, "crm_customer_value_base")
        self.assertIn(self.env.ref("base.user_admin"), group.users)
        self.assertIn(self.users["value_manager"], group.users)
        self.assertNotIn(self.users["sales_manager"], group.users, "a sales manager does not see the money")


@tagged("post_install", "-at_install")
class TestSalespersonScreensWithoutMoney(SecurityMatrixCase):
    """The views a salesperson opens load, with what a customer is and without its money."""

    def test_views(self):
        salesman = new_test_user(self.env, "views_sales", groups="sales_team.group_sale_salesman",
                                 company_id=self.company.id, company_ids=[self.company.id])
        # (model, view type, a field the salesperson sees there, money fields he does not)
        views = (
            ("res.partner", "form", "rfm_segment_id", ("rfm_monetary", "clv_value", "clv_p_alive", "value_profit")),
            ("crm.rfm.snapshot", "list", "segment_id", ("monetary",)),
            ("crm.value.line", "list", "level", ("profit", "revenue")),
        )
        for model, view_type, shown, hidden in views:
            with self.subTest(model=model, view=view_type):
                arch = self.env[model].with_user(salesman).get_views([(False, view_type)])["views"][view_type]["arch"]
                self.assertIn(f'name="{shown}"', arch)
                for name in hidden:
                    self.assertNotIn(f'name="{name}"', arch)
                manager_arch = self.env[model].get_views([(False, view_type)])["views"][view_type]["arch"]
                self.assertIn(f'name="{hidden[0]}"', manager_arch, "the value manager sees it")

    def test_a_salespersons_customer_form_in_the_browser(self):
        customer = self.invoiced_customer(date(2026, 5, 10))
        self.company._rfm_recompute(as_of=MAY_TO)
        self.company._value_pyramid_recompute(MAY_FROM, MAY_TO)
        self.assertEqual(customer.value_pyramid_level, "top")
        self.start_tour(f"/odoo/res.partner/{customer.id}", "crm_salesperson_customer_tour", login="sec_salesman")

