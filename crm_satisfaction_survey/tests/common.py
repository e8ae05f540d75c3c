from datetime import timedelta

from odoo import fields
from odoo.tests import TransactionCase


def nps_survey(env, title):
    """A token-access survey with one 0-10 NPS question: (survey, question)."""
    survey = env["survey.survey"].create({"title": title, "access_mode": "token"})
    question = env["survey.question"].create({
        "survey_id": survey.id,
        "title": "Recommend us?",
        "question_type": "scale",
        "scale_min": 0,
        "scale_max": 10,
        "satisfaction_metric": "nps",
    })
    return survey, question


class SatisfactionCampaignCase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.survey, cls.question = nps_survey(cls.env, "Campaign NPS")
        cls.comment_question = cls.env["survey.question"].create(
            {
                "survey_id": cls.survey.id,
                "title": "Why?",
                "question_type": "text_box",
            }
        )
        Partner = cls.env["res.partner"]
        cls.active_customer = Partner.create({"name": "Active", "email": "active@example.com"})
        cls.inactive_customer = Partner.create({"name": "Inactive", "email": "inactive@example.com"})
        cls.prospect = Partner.create({"name": "Prospect", "email": "prospect@example.com"})
        cls.no_email = Partner.create({"name": "No mail"})
        cls.fixture_partners = cls.active_customer | cls.inactive_customer | cls.prospect | cls.no_email
        # The fixture's purchases are confirmed orders: the company counts those (Settings, Customers).
        cls.env.company.customer_purchase_source = "order"
        cls._order(cls.active_customer, days_ago=30)
        cls._order(cls.inactive_customer, days_ago=500)
        cls._order(cls.no_email, days_ago=10)
        cls.env["crm.lead"].create({"name": "Deal", "partner_id": cls.prospect.id, "type": "opportunity"})
        # a lead of a buyer must not make the buyer a prospect
        cls.env["crm.lead"].create({"name": "Upsell", "partner_id": cls.active_customer.id})

    @classmethod
    def _order(cls, partner, days_ago):
        order = cls.env["sale.order"].create({"partner_id": partner.id})
        # Confirmed order on a chosen date; the fixture sets state directly (no product setup needed).
        order.write({"state": "sale", "date_order": fields.Datetime.now() - timedelta(days=days_ago)})
        return order

    def _campaign(self, **values):
        return self.env["crm.satisfaction.campaign"].create(
            {
                "name": "Test campaign",
                "survey_id": self.survey.id,
                "exclude_days": 0,
                # Default audience: the one active customer of the fixture (the database may hold demo buyers).
                "audience": "domain",
                "partner_domain": repr([("id", "=", self.active_customer.id)]),
                **values,
            }
        )
