from odoo import models


class ResPartner(models.Model):
    _inherit = "res.partner"

    def unlink(self):
        # Their rows in every run go with them (crm.run.rows.mixin: no
        # foreign key cascades).
        self.env["crm.run.rows.mixin"]._forget_partners(self.ids)
        return super().unlink()
