from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    satisfaction_nps_last = fields.Integer("Last NPS score", readonly=True, copy=False)
    satisfaction_nps_category = fields.Selection(
        [("promoter", "Promoter"), ("passive", "Passive"), ("detractor", "Detractor")],
        string="NPS category",
        readonly=True,
        copy=False,
    )
    satisfaction_answer_ids = fields.One2many("survey.user_input", "partner_id", string="Survey answers")
    satisfaction_opt_out = fields.Boolean(
        "Opted out of satisfaction surveys", copy=False,
        help="Set from the opt-out link of an invitation; later campaigns skip this partner.",
    )
