from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

# Company-dependent: a partner shared by several companies has its own RFM
# values in each, as each company's run sees only its own documents.
# Not indexed: the default "IS NOT NULL" index of a company-dependent field
# does not narrow a search on a value, and every index of res_partner (it has
# dozens) gets a new entry for each partner a run rewrites.
_RFM = {"company_dependent": True, "readonly": True, "copy": False, "index": False}


class ResPartner(models.Model):
    _inherit = "res.partner"

    rfm_last_purchase_date = fields.Date("Last purchase", **_RFM)
    rfm_recency_days = fields.Integer(
        "Recency (days)", compute="_compute_rfm_recency_days", search="_search_rfm_recency_days",
        help="Days from the last purchase to the date of the current RFM run.",
    )
    rfm_frequency = fields.Integer("Frequency", **_RFM)
    rfm_monetary = fields.Float("Monetary", **_RFM)
    rfm_r_score = fields.Integer("R score", **_RFM)
    rfm_f_score = fields.Integer("F score", **_RFM)
    rfm_m_score = fields.Integer("M score", **_RFM)
    rfm_score = fields.Char("RFM score", **_RFM)
    rfm_segment_id = fields.Many2one("crm.rfm.segment", "RFM segment", **_RFM)
    clv_p_alive = fields.Float("Probability alive", digits=(16, 3), **_RFM)
    clv_expected_purchases = fields.Float("Expected purchases (horizon)", digits=(16, 2), **_RFM)
    clv_value = fields.Float("Customer lifetime value", digits=(16, 2), **_RFM)

    @api.depends("rfm_last_purchase_date")
    @api.depends_context("company")
    def _compute_rfm_recency_days(self):
        as_of = self.env.company.sudo().rfm_current_run_id.as_of_date
        for partner in self:
            last = partner.rfm_last_purchase_date
            partner.rfm_recency_days = (as_of - last).days if as_of and last else 0

    def _search_rfm_recency_days(self, operator, value):
        """Recency compared to N days is the last purchase compared to the
        run date minus N days, the other way round."""
        as_of = self.env.company.sudo().rfm_current_run_id.as_of_date
        mirrored = {">": "<", ">=": "<=", "<": ">", "<=": ">=", "=": "=", "!=": "!="}
        if operator not in mirrored or not isinstance(value, int) or isinstance(value, bool):
            raise UserError(self.env._("Recency can only be compared to a number of days."))
        if not as_of:
            return [("id", "=", False)]
        return [("rfm_last_purchase_date", mirrored[operator], as_of - timedelta(days=value))]
