from datetime import date

from odoo import Command

from odoo.addons.account.tests.common import AccountTestInvoicingCommon

AS_OF = date(2026, 6, 30)


class RfmCase(AccountTestInvoicingCommon):
    """Hand-built customers and invoices in the test company."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.company_data["company"]
        # The tests read the customers' money: their user is a Customer Value Manager.
        cls.env.user.groups_id |= cls.env.ref("crm_customer_value_base.group_value_manager")

    @classmethod
    def customer(cls, name, **values):
        return cls.env["res.partner"].create({"name": name, **values})

    @classmethod
    def invoice(cls, partner, invoice_date, amount, move_type="out_invoice", currency=None, company=None,
                post=True):
        company = company or cls.company
        move = cls.env["account.move"].with_company(company).create({
            "move_type": move_type,
            "partner_id": partner.id,
            "invoice_date": invoice_date,
            "currency_id": (currency or company.currency_id).id,
            "invoice_line_ids": [Command.create({"name": "goods", "price_unit": amount, "tax_ids": []})],
        })
        if post:
            move.action_post()
        return move

    def snapshot_of(self, run, partner):
        return run.snapshot_ids.filtered(lambda s: s.partner_id == partner)
