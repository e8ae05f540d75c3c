from datetime import date, datetime

from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from odoo.addons.crm_customer_value_base.tools.access import VALUE_MANAGER

from .common import ScorecardCase


@tagged("post_install", "-at_install")
class TestScorecardCustomers(ScorecardCase):
    """Customers over Jan–Jun 2026 with a 3-month active window.

    A buys in Nov 2025 and Mar 2026: lapses in Feb, returns in Mar.
    B buys in Dec 2025 and Feb 2026 (continuous across the Jan/Feb boundary).
    C buys on 31 Jan 2026 only: new in Jan, churns in Apr.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.customer_active_months = 3
        cls.a = cls.customer("A")
        cls.b = cls.customer("B")
        cls.c = cls.customer("C", email="c@example.com", phone="1", street="s", city="c",
                             country_id=cls.env.ref("base.be").id)
        cls.invoice(cls.a, "2025-11-15", 100)
        cls.invoice(cls.a, "2026-03-10", 200)
        cls.invoice(cls.b, "2025-12-20", 300)
        cls.invoice(cls.b, "2026-02-05", 400)
        cls.invoice(cls.b, "2026-02-20", 50, move_type="out_refund")
        cls.invoice(cls.c, "2026-01-31", 500)
        # Not posted: not a purchase.
        cls.invoice(cls.customer("Draft"), "2026-01-10", 999, post=False)

    def test_active_new_churned_per_month(self):
        self.company._scorecard_compute(date(2026, 1, 1), date(2026, 6, 30))
        values = self.values()
        months = ["2026-01-01", "2026-02-01", "2026-03-01", "2026-04-01", "2026-05-01", "2026-06-01"]
        series = {code: [values[code][m] for m in months] for code in (
            "active_customers", "new_customers", "churned_customers")}
        self.assertEqual(series["active_customers"], [3, 2, 3, 2, 1, 0])
        # C is new in January; A comes back in March after lapsing in February.
        self.assertEqual(series["new_customers"], [1, 0, 1, 0, 0, 0])
        # A lapses in Feb, C in Apr, B in May, A again in Jun.
        self.assertEqual(series["churned_customers"], [0, 1, 0, 1, 1, 1])
        self.assertEqual(values["churn_rate"]["2026-02-01"], 33.33)
        self.assertEqual(values["retention_rate"]["2026-02-01"], 66.67)
        self.assertEqual(values["customer_growth"]["2026-02-01"], -33.33)
        # March: start 2 (B, C), A returns, nobody lost.
        self.assertEqual(values["retention_rate"]["2026-03-01"], 100.0)
        self.assertEqual(values["customer_growth"]["2026-03-01"], 50.0)
        # June: nobody active at the end, A lost out of 1.
        self.assertEqual(values["churn_rate"]["2026-06-01"], 100.0)
        self.assertIsNone(values["complete_profile_share"]["2026-06-01"])
        self.assertEqual(values["complete_profile_share"]["2026-01-01"], 33.33)

    def test_revenue_net_of_credit_notes_and_formula_kpis(self):
        self.company._scorecard_compute(date(2026, 1, 1), date(2026, 3, 31))
        values = self.values()
        self.assertEqual(values["net_revenue"], {"2026-01-01": 500.0, "2026-02-01": 350.0, "2026-03-01": 200.0})
        # revenue_per_customer is a formula KPI: net_revenue / active_customers.
        self.assertEqual(values["revenue_per_customer"]["2026-02-01"], 175.0)
        # No value-pyramid run: profit is unknown, so is the profit per customer.
        self.assertIsNone(values["profit_after_cost_to_serve"]["2026-02-01"])
        self.assertIsNone(values["profit_per_customer"]["2026-02-01"])

    def test_sales_in_a_currency_without_rate_refused_with_nothing_changed(self):
        # Odoo would count 100,000 JPY as 100,000 of the company currency when JPY has no rate at all.
        self.company._scorecard_compute(date(2026, 1, 1), date(2026, 3, 31))
        before = self.values()
        jpy = self.env.ref("base.JPY")
        jpy.sudo().write({"active": True})
        jpy.rate_ids.sudo().unlink()
        self.invoice(self.b, "2026-02-10", 100000, currency=jpy)
        with self.assertRaisesRegex(UserError, r"in JPY cannot be converted .* Nothing was recomputed"):
            self.company._scorecard_compute(date(2026, 1, 1), date(2026, 3, 31))
        self.assertEqual(self.values(), before)
        self.assertEqual(before["net_revenue"]["2026-02-01"], 350.0)
        # The recompute wizard says it at once instead of queueing a range the scheduler would fail on.
        self.env.user.groups_id |= self.env.ref("sales_team.group_sale_manager")
        wizard = self.env["crm.scorecard.recompute"].create({
            "company_id": self.company.id, "period_type": "quarter",
            "date_from": date(2026, 1, 1), "date_to": date(2026, 3, 31),
        })
        with self.assertRaisesRegex(UserError, "JPY"):
            wizard.action_recompute()
        self.assertFalse(self.company.scorecard_request_date_from)
        # Periods without such a sale are computed as usual.
        self.company._scorecard_compute(date(2026, 4, 1), date(2026, 4, 30))
        self.assertEqual(self.values()["active_customers"]["2026-04-01"], 2)

    def test_cron_computes_each_company_on_its_own(self):
        """A company with a sale in a currency without rate fails alone, with its reason; the others are computed."""
        other = self.setup_other_company()["company"]
        self.invoice(self.customer("Other's customer"), "2026-02-10", 70, company=other)
        jpy = self.env.ref("base.JPY")
        jpy.sudo().write({"active": True})
        jpy.rate_ids.sudo().unlink()
        today = date.today()
        self.invoice(self.b, today.replace(day=1).isoformat(), 100000, currency=jpy)
        for company in (self.company, other):
            company.sudo().write({"scorecard_request_date_from": date(2026, 1, 1),
                                  "scorecard_request_date_to": date(2026, 3, 31), "scorecard_request_period": "month"})
        # self.company has the lower id: computed, and failing, first.
        self.assertLess(self.company.id, other.id)
        with self.assertLogs("odoo.addons.crm_customer_value_base.models.crm_run_mixin", "WARNING") as logs:
            self.run_scorecard_cron()
        self.assertIn(f"Customer scorecard of {self.company.name} not computed", logs.output[0])
        self.assertEqual(len(logs.output), 1)
        # The failing company: nothing stored, the reason kept, the range still asked for (tried again tomorrow).
        self.assertFalse(self.values())
        self.assertRegex(self.company.scorecard_error, r"in JPY cannot be converted")
        self.assertEqual(self.company.scorecard_failed_date, today)
        self.assertFalse(self.company.scorecard_computed_date)
        self.assertEqual(self.company.scorecard_request_date_from, date(2026, 1, 1))
        # The other company: its range and the current month computed.
        values = self.values(other)
        self.assertEqual(values["net_revenue"]["2026-02-01"], 70.0)
        self.assertIn(today.replace(day=1).isoformat(), values["net_revenue"])
        self.assertEqual(other.scorecard_computed_date, today)
        self.assertFalse(other.scorecard_error)
        self.assertFalse(other.scorecard_request_date_from)
        # Once the rate is entered and the range asked again, the company is computed and its error cleared.
        self.env["res.currency.rate"].sudo().create(
            {"currency_id": jpy.id, "name": "2026-01-01", "rate": 150.0, "company_id": self.company.id})
        self.env.user.groups_id |= self.env.ref("sales_team.group_sale_manager")
        self.env["crm.scorecard.recompute"].create({
            "company_id": self.company.id, "period_type": "month",
            "date_from": date(2026, 1, 1), "date_to": date(2026, 3, 31),
        }).action_recompute()
        self.run_scorecard_cron()
        self.assertEqual(self.values()["net_revenue"]["2026-02-01"], 350.0)
        self.assertFalse(self.company.scorecard_error)
        self.assertEqual(self.company.scorecard_computed_date, today)

    def test_quarter_with_a_new_customer_lapsing_within_it(self):
        """Window of one month, quarters: D buys once in January and is gone by March."""
        self.company.customer_active_months = 1
        d, e, f = self.customer("D"), self.customer("E"), self.customer("F")
        self.invoice(d, "2026-01-10", 10)
        self.invoice(e, "2025-12-05", 10)
        self.invoice(e, "2026-02-10", 10)
        for day in ("2025-12-01", "2026-01-01", "2026-02-01", "2026-03-01"):
            self.invoice(f, day, 10)
        self.company._scorecard_compute(date(2026, 1, 1), date(2026, 3, 31), "quarter")
        values = self.values(period="quarter")
        q1 = {code: by_period["2026-01-01"] for code, by_period in values.items()}
        # Start (end of December): E, F and B (Dec 20). End (March): F and A (Mar 10).
        self.assertEqual(q1["active_customers"], 2)
        # New: C and D (January), A (March); E was active at the start, so is not new.
        self.assertEqual(q1["new_customers"], 3)
        # Churned: B and E from the start, C and D who came and went within the quarter.
        self.assertEqual(q1["churned_customers"], 4)
        # Rates are about the 3 customers of the start: only F is still there.
        self.assertEqual(q1["retention_rate"], 33.33)
        self.assertEqual(q1["churn_rate"], 66.67)

    def test_team_values_cover_the_team_customers(self):
        seller = new_test_user(self.env, "sc_seller", groups="sales_team.group_sale_salesman",
                               company_id=self.company.id, company_ids=[self.company.id])
        team = self.env["crm.team"].create({
            "name": "Team AC", "company_id": self.company.id, "member_ids": [(6, 0, seller.ids)],
        })
        self.assertEqual(seller.sale_team_id, team)
        # A customer belongs to the team of his salesperson.
        (self.a | self.c).user_id = seller
        self.company._scorecard_compute(date(2026, 1, 1), date(2026, 2, 28))
        Value = self.env["crm.scorecard.value"]
        team_values = {
            (v.kpi_id.code, v.period_start.isoformat()): v.actual if v.has_actual else None
            for v in Value.search([("company_id", "=", self.company.id), ("team_id", "=", team.id)])
        }
        self.assertEqual(team_values["active_customers", "2026-01-01"], 2)
        self.assertEqual(team_values["active_customers", "2026-02-01"], 1)
        self.assertEqual(team_values["churned_customers", "2026-02-01"], 1)
        self.assertEqual(team_values["net_revenue", "2026-01-01"], 500.0)
        self.assertEqual(team_values["revenue_per_customer", "2026-01-01"], 250.0)
        # Without answers the team has a value, but no actual.
        self.assertIsNone(team_values["nps", "2026-01-01"])
        self.assertEqual(self.values()["active_customers"]["2026-02-01"], 2)
        churned = Value.search([("team_id", "=", team.id), ("kpi_id.code", "=", "churned_customers"),
                                ("period_start", "=", date(2026, 2, 1))])
        self.assertEqual(self.env["res.partner"].search(churned.action_open_records()["domain"]), self.a)

    def test_recompute_updates_in_place(self):
        self.company._scorecard_compute(date(2026, 1, 1), date(2026, 1, 31))
        count = self.env["crm.scorecard.value"].search_count([("company_id", "=", self.company.id)])
        self.invoice(self.customer("Late"), "2026-01-15", 10)
        self.company._scorecard_compute(date(2026, 1, 1), date(2026, 1, 31))
        self.assertEqual(self.env["crm.scorecard.value"].search_count([("company_id", "=", self.company.id)]), count)
        self.assertEqual(self.values()["active_customers"]["2026-01-01"], 4)

    def test_drill_down_opens_the_churned_customers(self):
        self.company._scorecard_compute(date(2026, 4, 1), date(2026, 4, 30))
        value = self.env["crm.scorecard.value"].search([
            ("company_id", "=", self.company.id), ("kpi_id.code", "=", "churned_customers"), ("team_id", "=", False),
        ])
        action = value.action_open_records()
        self.assertEqual(action["res_model"], "res.partner")
        self.assertEqual(self.env["res.partner"].search(action["domain"]), self.c)


@tagged("post_install", "-at_install")
class TestScorecardOtherSources(ScorecardCase):
    """Satisfaction, attention, pyramid and RFM KPIs from their own records."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customers = [cls.customer(f"Customer {i}") for i in range(4)]
        for index, partner in enumerate(cls.customers):
            cls.invoice(partner, "2026-03-10", 100 * (index + 1))
        cls.survey = cls.env["survey.survey"].sudo().create({
            "title": "NPS",
            "question_and_page_ids": [(0, 0, {
                "title": "Recommend us?", "question_type": "scale", "scale_min": 0, "scale_max": 10,
                "satisfaction_metric": "nps",
            })],
        })
        cls.question = cls.survey.question_ids

    def answer(self, partner, score, end):
        # As the portal does: the customer answers, not the salesperson.
        user_input = self.env["survey.user_input"].sudo().create({
            "survey_id": self.survey.id, "partner_id": partner.id,
            "user_input_line_ids": [(0, 0, {
                "question_id": self.question.id, "answer_type": "scale", "value_scale": score,
            })],
        })
        # Completing runs crm_satisfaction_survey's follow-up of unhappy answers.
        user_input._mark_done()
        user_input.end_datetime = end
        return user_input

    def test_nps_response_rate_and_detractor_follow_up(self):
        promoter, passive, detractor, slow = self.customers
        self.answer(promoter, 10, datetime(2026, 3, 12, 9))
        self.answer(passive, 8, datetime(2026, 3, 12, 9))
        self.answer(detractor, 3, datetime(2026, 3, 12, 9))
        self.answer(slow, 2, datetime(2026, 3, 12, 9))
        # A pending invitation: counted in the response rate only.
        self.env["survey.user_input"].sudo().create({"survey_id": self.survey.id, "partner_id": promoter.id})
        # Not a customer of the company: ignored.
        self.answer(self.customer("Prospect"), 0, datetime(2026, 3, 12, 9))
        # Completing the follow-up activity posts a message with its type;
        # the detractor is followed up within 2 days, the other one is not.
        # Invitations count in the period they were sent (created).
        self.env.cr.execute(
            "UPDATE survey_user_input SET create_date = '2026-03-05' WHERE survey_id = %s", [self.survey.id])
        for partner, done_at in ((detractor, datetime(2026, 3, 13, 9)), (slow, datetime(2026, 3, 20, 9))):
            activity = partner.activity_ids.filtered(lambda a: "Unhappy" in (a.summary or ""))
            self.assertTrue(activity, "crm_satisfaction_survey plans a follow-up on unhappy answers")
            message = activity[0]._action_done()[0]
            message.date = done_at
        self.company._scorecard_compute(date(2026, 3, 1), date(2026, 3, 31))
        values = self.values()
        # 1 promoter, 1 passive, 2 detractors out of 4: (1 - 2) / 4.
        self.assertEqual(values["nps"]["2026-03-01"], -25.0)
        self.assertIsNone(values["csat"]["2026-03-01"])
        self.assertEqual(values["survey_response_rate"]["2026-03-01"], 80.0)
        self.assertEqual(values["detractors_followed_up"]["2026-03-01"], 50.0)
        action = self.env["crm.scorecard.value"].search([
            ("company_id", "=", self.company.id), ("kpi_id.code", "=", "nps"), ("team_id", "=", False),
        ]).action_open_records()
        self.assertEqual(
            self.env["survey.user_input"].search(action["domain"]).partner_id, detractor | slow,
        )

    def test_first_response_time_and_overdue_activities(self):
        Lead = self.env["crm.lead"]
        answered = Lead.create({"name": "answered", "company_id": self.company.id})
        noted = Lead.create({"name": "only a note", "company_id": self.company.id})
        Lead.create({"name": "unanswered", "company_id": self.company.id})
        leads = answered | noted
        self.env.cr.execute(
            "UPDATE crm_lead SET create_date = '2026-03-02 08:00' WHERE company_id = %s", [self.company.id])
        leads.invalidate_recordset()
        reply = answered.message_post(body="Hello", message_type="comment", subtype_xmlid="mail.mt_comment")
        reply.date = datetime(2026, 3, 2, 14)
        note = noted.message_post(body="internal", message_type="comment", subtype_xmlid="mail.mt_note")
        note.date = datetime(2026, 3, 2, 9)
        overdue = self.customers[0].activity_schedule("mail.mail_activity_data_todo", date_deadline=date(2026, 3, 5))
        self.customers[1].activity_schedule("mail.mail_activity_data_todo", date_deadline=date(2026, 4, 5))
        self.company._scorecard_compute(date(2026, 3, 1), date(2026, 3, 31))
        values = self.values()
        self.assertEqual(values["first_response_hours"]["2026-03-01"], 6.0)
        self.assertEqual(values["overdue_activities"]["2026-03-01"], 1)
        action = self.env["crm.scorecard.value"].search([
            ("company_id", "=", self.company.id), ("kpi_id.code", "=", "overdue_activities"), ("team_id", "=", False),
        ]).action_open_records()
        self.assertEqual(self.env["mail.activity"].search(action["domain"]), overdue)

    def test_pyramid_and_rfm_kpis(self):
        self.env.user.groups_id |= self.env.ref("sales_team.group_sale_manager") | self.env.ref(VALUE_MANAGER)
        self.company._value_pyramid_recompute(date(2026, 3, 1), date(2026, 3, 31))
        self.company._rfm_recompute(as_of=date(2026, 3, 31))
        run = self.env["crm.value.run"].search([("company_id", "=", self.company.id)], limit=1)
        lines = run.line_ids
        top_big = sum(lines.filtered(lambda line: line.level in ("top", "big")).mapped("revenue"))
        self.company._scorecard_compute(date(2026, 3, 1), date(2026, 3, 31))
        values = self.values()
        self.assertEqual(values["top_big_revenue_share"]["2026-03-01"], round(100 * top_big / 1000.0, 2))
        self.assertEqual(values["profit_after_cost_to_serve"]["2026-03-01"], round(run.profit, 2))
        self.assertEqual(values["profit_per_customer"]["2026-03-01"], round(run.profit / 4, 2))
        at_risk = self.env["crm.rfm.snapshot"].search_count([
            ("run_id.company_id", "=", self.company.id),
            ("segment_id", "=", self.env.ref("crm_rfm.segment_at_risk").id),
        ])
        self.assertEqual(values["at_risk_customers"]["2026-03-01"], at_risk)
        # A period with no run has no value, rather than 0.
        self.company._scorecard_compute(date(2026, 2, 1), date(2026, 2, 28))
        self.assertIsNone(self.values()["top_big_revenue_share"]["2026-02-01"])

    def test_team_values_of_satisfaction_attention_value_and_campaigns(self):
        """A team's KPIs come from its customers, its leads and its salespeople only."""
        self.env.user.groups_id |= self.env.ref("sales_team.group_sale_manager") | self.env.ref(VALUE_MANAGER)
        seller = new_test_user(self.env, "sc_team_seller", groups="sales_team.group_sale_salesman",
                               company_id=self.company.id, company_ids=[self.company.id])
        team = self.env["crm.team"].create({
            "name": "Team PD", "company_id": self.company.id, "member_ids": [(6, 0, seller.ids)],
        })
        promoter, passive, detractor, slow = self.customers
        # The team's customers: the promoter (100) and the detractor (300).
        (promoter | detractor).user_id = seller
        for partner, score in ((promoter, 10), (passive, 8), (detractor, 3), (slow, 2)):
            self.answer(partner, score, datetime(2026, 3, 12, 9))
        # Invitations count in the period they were sent (created).
        self.env.cr.execute(
            "UPDATE survey_user_input SET create_date = '2026-03-05' WHERE survey_id = %s", [self.survey.id])
        Lead = self.env["crm.lead"]
        team_lead = Lead.create({"name": "team lead", "company_id": self.company.id, "team_id": team.id})
        other_lead = Lead.create({"name": "other lead", "company_id": self.company.id, "team_id": False})
        self.env.cr.execute(
            "UPDATE crm_lead SET create_date = '2026-03-02 08:00' WHERE id IN %s", [(team_lead.id, other_lead.id)])
        (team_lead | other_lead).invalidate_recordset()
        for lead, hour in ((team_lead, 10), (other_lead, 18)):
            lead.message_post(body="Hello", message_type="comment", subtype_xmlid="mail.mt_comment").date = (
                datetime(2026, 3, 2, hour))
        detractor.activity_schedule("mail.mail_activity_data_todo", date_deadline=date(2026, 3, 5))
        slow.activity_schedule("mail.mail_activity_data_todo", date_deadline=date(2026, 3, 6))
        self.env["crm.satisfaction.campaign"].sudo().create({
            "name": "Team NPS", "survey_id": self.survey.id, "company_id": self.company.id, "user_id": seller.id,
        }).write({"state": "sent", "send_date": datetime(2026, 3, 20, 10)})
        run = self.company._value_pyramid_recompute(date(2026, 3, 1), date(2026, 3, 31))
        self.company._scorecard_compute(date(2026, 3, 1), date(2026, 3, 31))

        team_values = {
            v.kpi_id.code: round(v.actual, 2) if v.has_actual else None
            for v in self.env["crm.scorecard.value"].search([
                ("company_id", "=", self.company.id), ("team_id", "=", team.id), ("period_start", "=", "2026-03-01"),
            ])
        }
        company_values = {code: by_period["2026-03-01"] for code, by_period in self.values().items()}
        # Company: 1 promoter, 1 passive, 2 detractors; team: 1 promoter, 1 detractor.
        self.assertEqual(company_values["nps"], -25.0)
        self.assertEqual(team_values["nps"], 0.0)
        self.assertEqual(team_values["survey_response_rate"], 100.0)
        # Nobody followed the team's detractor up.
        self.assertEqual(team_values["detractors_followed_up"], 0.0)
        # Replies after 2 h (team lead) and 10 h (other lead): the median of both company-wide.
        self.assertEqual(company_values["first_response_hours"], 6.0)
        self.assertEqual(team_values["first_response_hours"], 2.0)
        self.assertEqual(company_values["overdue_activities"], 2)
        self.assertEqual(team_values["overdue_activities"], 1)
        # The team's only salesperson sent a campaign.
        self.assertEqual(team_values["salespeople_with_campaign"], 100.0)
        team_lines = run.line_ids.filtered(lambda line: line.partner_id in promoter | detractor)
        self.assertEqual(team_values["net_revenue"], 400.0)
        self.assertEqual(team_values["profit_after_cost_to_serve"], round(sum(team_lines.mapped("profit")), 2))
        self.assertEqual(team_values["profit_per_customer"], round(sum(team_lines.mapped("profit")) / 2, 2))
        team_top_big = sum(team_lines.filtered(lambda line: line.level in ("top", "big")).mapped("revenue"))
        self.assertEqual(team_values["top_big_revenue_share"], round(100 * team_top_big / 400.0, 2))
        # The drill-down of the team's NPS opens the team's detractor only.
        value = self.env["crm.scorecard.value"].search([
            ("team_id", "=", team.id), ("kpi_id.code", "=", "nps"), ("period_start", "=", "2026-03-01"),
        ])
        self.assertEqual(self.env["survey.user_input"].search(value.action_open_records()["domain"]).partner_id,
                         detractor)

    def test_share_of_salespeople_with_a_sent_campaign(self):
        Campaign = self.env["crm.satisfaction.campaign"].sudo()
        sellers = [
            new_test_user(self.env, f"sc_seller_{index}", groups="sales_team.group_sale_salesman",
                          company_id=self.company.id, company_ids=[self.company.id])
            for index in range(2)
        ]
        salespeople = self.env["res.users"].search_count([
            ("share", "=", False), ("company_ids", "in", self.company.id),
            ("groups_id", "in", self.env.ref("sales_team.group_sale_salesman").id),
        ])
        sent = Campaign.create({"name": "March NPS", "survey_id": self.survey.id, "company_id": self.company.id,
                                "user_id": sellers[0].id})
        sent.write({"state": "sent", "send_date": datetime(2026, 3, 20, 10)})
        # A draft does not count, nor a campaign sent in another month.
        Campaign.create({"name": "Draft", "survey_id": self.survey.id, "company_id": self.company.id,
                         "user_id": sellers[1].id, "send_date": datetime(2026, 3, 21)})
        Campaign.create({"name": "April", "survey_id": self.survey.id, "company_id": self.company.id,
                         "user_id": sellers[1].id}).write({"state": "sent", "send_date": datetime(2026, 4, 2)})
        self.company._scorecard_compute(date(2026, 3, 1), date(2026, 3, 31))
        self.assertEqual(self.values()["salespeople_with_campaign"]["2026-03-01"], round(100.0 / salespeople, 2))
