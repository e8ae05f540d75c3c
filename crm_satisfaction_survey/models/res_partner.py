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
    satisfaction_nps_trend = fields.Selection(
        [("up", "Improving"), ("stable", "Stable"), ("down", "Worsening")],
        string="NPS trend",
        compute="_compute_satisfaction_nps_trend",
        help="Last NPS score against the one before it.",
    )
    # Survey answers are readable by survey users only; everybody else reads
    # the scores through the satisfaction analysis (own customers' rules).
    satisfaction_answer_ids = fields.One2many(
        "survey.user_input", "partner_id", string="Survey answers", groups="survey.group_survey_user"
    )
    satisfaction_score_ids = fields.One2many("crm.satisfaction.report", "partner_id", string="Satisfaction scores")
    satisfaction_opt_out = fields.Boolean(
        "Opted out of satisfaction surveys", copy=False,
        help="Set from the opt-out link of an invitation; later campaigns skip this partner.",
    )

    def _compute_satisfaction_nps_trend(self):
        # The trend of a customer the user may see is shown whoever answered
        # for it, like the last score stored on the partner.
        last_two = {}
        scores = self.env["crm.satisfaction.report"].sudo().search_fetch(
            [("partner_id", "in", self.ids), ("metric", "=", "nps")],
            ["partner_id", "score"],
            order="date desc, id desc",
        )
        for score in scores:
            last_two.setdefault(score.partner_id.id, [])
            if len(last_two[score.partner_id.id]) < 2:
                last_two[score.partner_id.id].append(score.score)
        for partner in self:
            pair = last_two.get(partner.id, [])
            if len(pair) < 2:
                partner.satisfaction_nps_trend = False
            else:
                last, before = pair
                partner.satisfaction_nps_trend = "up" if last > before else "down" if last < before else "stable"
