from odoo import fields, models


class SurveyQuestionAnswer(models.Model):
    _inherit = "survey.question.answer"

    satisfaction_contact_request = fields.Boolean(
        "Asks to be contacted",
        help="A happy customer (NPS promoter, CSAT 4-5, CES 5-7) who picks this choice gets a lead "
        "for the salesperson when the answer is completed.",
    )
