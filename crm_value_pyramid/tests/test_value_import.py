"""Direct costs imported from a spreadsheet through Odoo's import (the path
of the list view's Import button): a good file creates its rows, a file with
one bad row is refused with a message per problem and creates nothing."""

from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import ValueCase


@tagged("post_install", "-at_install")
class TestDirectCostImport(ValueCase):
    FIELDS = ["date", "partner_id", "amount", "category", "note"]

    def import_csv(self, text, dryrun=False):
        wizard = self.env["base_import.import"].create({
            "res_model": "crm.customer.cost", "file": text.encode(), "file_type": "text/csv",
            "file_name": "costs.csv",
        })
        options = {"has_headers": True, "separator": ",", "quoting": '"', "date_format": "%Y-%m-%d",
                   "float_decimal_separator": ".", "float_thousand_separator": ","}
        # A row naming an unknown customer reaches the database without one:
        # PostgreSQL's NOT NULL refusal is logged before the importer turns it
        # into the message the user reads.
        with mute_logger("odoo.sql_db"):
            return wizard.execute_import(self.FIELDS, self.FIELDS, options, dryrun=dryrun)

    def costs(self):
        return self.env["crm.customer.cost"].search([("company_id", "=", self.company.id)])

    def test_a_good_file_creates_its_costs(self):
        self.customer("Acme Imports")
        result = self.import_csv(
            "date,partner_id,amount,category,note\n"
            "2026-05-03,Acme Imports,120.50,Logistics,express delivery\n"
            "2026-05-09,Acme Imports,30,Customer service,claim\n"
        )
        self.assertFalse(result["messages"])
        costs = self.costs()
        self.assertEqual(sorted(costs.mapped("amount")), [30.0, 120.5])
        self.assertEqual(set(costs.mapped("category")), {"logistics", "service"})

    def test_a_malformed_file_creates_nothing_and_says_why(self):
        self.customer("Acme Imports")
        good = "2026-05-03,Acme Imports,120.50,Logistics,fine\n"
        bad_rows = {
            "unknown customer": ("2026-05-04,Nobody Known,10,Logistics,x\n", "Nobody Known"),
            "amount not a number": ("2026-05-05,Acme Imports,twelve,Logistics,x\n", "twelve"),
            "bad date": ("not a date,Acme Imports,5,Logistics,x\n", "not a date"),
            "unknown category": ("2026-05-06,Acme Imports,5,Teleportation,x\n", "Teleportation"),
            "missing amount": ("2026-05-06,Acme Imports,,Logistics,x\n", "has no amount"),
        }
        for problem, (row, quoted) in bad_rows.items():
            with self.subTest(problem=problem):
                result = self.import_csv("date,partner_id,amount,category,note\n" + good + row)
                errors = [message["message"] for message in result["messages"] if message["type"] == "error"]
                self.assertTrue(errors, problem)
                self.assertTrue(any(quoted in message for message in errors), errors)
                self.assertFalse(self.costs(), "all or nothing: the good row was not imported either")
