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
    def score_by_fixed_thresholds(cls, **values):
        """Scores worked out by hand: recency 30/90/180/365 days (R 5 within 30
        days ... R 1 beyond 365), frequency 2/3/4/6 purchases (one purchase is
        F 1), monetary 100/300/1000/5000."""
        cls.company.write({
            "rfm_scoring_method": "threshold",
            "rfm_recency_thresholds": "30,90,180,365",
            "rfm_frequency_thresholds": "2,3,4,6",
            "rfm_monetary_thresholds": "100,300,1000,5000",
            **values,
        })

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
