from odoo import fields, models

# Company-dependent: a partner shared by several companies has its own RFM
# values in each, as each company's run sees only its own documents.
_RFM = {"company_dependent": True, "readonly": True, "copy": False}


class ResPartner(models.Model):
    _inherit = "res.partner"

    rfm_last_purchase_date = fields.Date("Last purchase", **_RFM)
    rfm_recency_days = fields.Integer("Recency (days)", **_RFM)
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
