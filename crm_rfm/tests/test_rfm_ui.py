from odoo.tests import HttpCase, tagged

from .common import AS_OF, RfmCase


@tagged("post_install", "-at_install")
class TestRfmTour(RfmCase, HttpCase):
    def test_segment_from_the_crm_menu_to_the_customer_rfm_tab(self):
        champion = self.customer("Tour Champion")
        for day in ("2026-04-01", "2026-05-01", "2026-06-25"):
            self.invoice(champion, day, 900)
        for index in range(4):
            self.invoice(self.customer(f"Occasional {index}"), f"2025-0{index + 1}-10", 100 + index)
        self.env.user.groups_id |= self.env.ref("sales_team.group_sale_manager")
        self.company._rfm_recompute(as_of=AS_OF)
        self.assertEqual(champion.rfm_segment_id, self.env.ref("crm_rfm.segment_champions"))
        self.start_tour("/odoo/crm", "crm_rfm_segment_tour", login=self.env.user.login)
