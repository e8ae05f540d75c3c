from odoo.tests import tagged

from .common import APRIL_FROM, APRIL_TO, MAY_FROM, MAY_TO, ValueCase


@tagged("post_install", "-at_install")
class TestValuePartnersMergedBetweenRuns(ValueCase):
    def test_merged_partners_get_one_line_and_one_previous_level(self):
        kept, duplicate = self.customer("Kept Ltd"), self.customer("Kept Limited")
        self.invoice(kept, APRIL_FROM, 100)
        self.invoice(duplicate, APRIL_TO, 300)
        april = self.company._value_pyramid_recompute(APRIL_FROM, APRIL_TO)
        self.assertEqual(len(april.line_ids), 2)
        self.env["base.partner.merge.automatic.wizard"]._merge((kept | duplicate).ids, kept, extra_checks=False)
        # A run holds one line per customer (unique): Odoo's merge keeps the
        # kept partner's April line and drops the duplicate's.
        self.assertEqual(april.line_ids.mapped("revenue"), [100.0])
        self.invoice(kept, MAY_FROM, 50)
        may = self.company._value_pyramid_recompute(MAY_FROM, MAY_TO)
        line = self.line_of(may, kept)
        self.assertEqual(len(line), 1)
        self.assertEqual(line.revenue, 50.0)
        self.assertEqual(line.previous_level, self.line_of(april, kept).level)
        self.assertEqual(kept.with_company(self.company).value_revenue, 50.0)
