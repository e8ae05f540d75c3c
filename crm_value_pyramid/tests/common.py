from datetime import date

from odoo import Command
from odoo.tools import SQL

from odoo.addons.account.tests.common import AccountTestInvoicingCommon

MAY_FROM, MAY_TO = date(2026, 5, 1), date(2026, 5, 31)
APRIL_FROM, APRIL_TO = date(2026, 4, 1), date(2026, 4, 30)


class ValueCase(AccountTestInvoicingCommon):
    """Hand-built customers, documents and cost drivers in the test company."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.company_data["company"]
        cls.env.user.groups_id |= cls.env.ref("crm_customer_value_base.group_value_manager")

    @classmethod
    def customer(cls, name, **values):
        return cls.env["res.partner"].create({"name": name, **values})

    @classmethod
    def invoice(cls, partner, invoice_date, amount, move_type="out_invoice", currency=None, company=None,
                product=None, quantity=1, post=True):
        company = company or cls.company
        line = {"name": "goods", "price_unit": amount, "quantity": quantity, "tax_ids": []}
        if product:
            line["product_id"] = product.id
        move = cls.env["account.move"].with_company(company).create({
            "move_type": move_type,
            "partner_id": partner.id,
            "invoice_date": invoice_date,
            "currency_id": (currency or company.currency_id).id,
            "invoice_line_ids": [Command.create(line)],
        })
        if post:
            move.action_post()
        return move

    @classmethod
    def driver(cls, name, source, rate=0.0, pool=0.0, company=None, **values):
        return cls.env["crm.cost.driver"].create({
            **values,
            "name": name,
            "source": source,
            "rate_method": "pool" if pool else "entered",
            "rate": rate,
            "pool_amount": pool,
            "company_id": (company or cls.company).id,
        })

    @classmethod
    def clone_rows(cls, record, count, **overrides):
        """``count`` copies of ``record``'s row in one INSERT, the columns of
        ``overrides`` set to the given values: volume without the ORM."""
        table = record._table
        cls.env.flush_all()
        cls.env.cr.execute(SQL(
            "SELECT column_name FROM information_schema.columns WHERE table_name = %s AND column_name <> 'id'",
            table,
        ))
        columns = [name for (name,) in cls.env.cr.fetchall()]
        values = [
            SQL("%s", overrides[name]) if name in overrides
            else SQL("%s || '/' || g", SQL.identifier(name)) if name == "name" and table == "sale_order"
            else SQL.identifier(name)
            for name in columns
        ]
        cls.env.cr.execute(SQL(
            "INSERT INTO %s (%s) SELECT %s FROM %s, generate_series(1, %s) g WHERE id = %s",
            SQL.identifier(table), SQL(", ").join(SQL.identifier(name) for name in columns),
            SQL(", ").join(values), SQL.identifier(table), count, record.id,
        ))
        cls.env.invalidate_all()

    def line_of(self, run, partner):
        return run.line_ids.filtered(lambda line: line.partner_id == partner)
