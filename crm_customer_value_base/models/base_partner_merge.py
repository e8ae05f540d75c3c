from odoo import models


class MergePartnerAutomatic(models.TransientModel):
    _inherit = "base.partner.merge.automatic.wizard"

    def _update_foreign_keys(self, src_partners, dst_partner):
        # Odoo repoints the columns that have a foreign key to res_partner;
        # run rows have none (crm.run.rows.mixin).
        result = super()._update_foreign_keys(src_partners, dst_partner)
        self.env["crm.run.rows.mixin"]._merge_partners(src_partners.ids, dst_partner.id)
        return result
