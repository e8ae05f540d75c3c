from datetime import timedelta

from psycopg2 import IntegrityError

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import SatisfactionCampaignCase


@tagged("post_install", "-at_install")
class TestCampaign(SatisfactionCampaignCase):
    def test_audience_follows_the_company_definition_of_a_customer(self):
        """Active, inactive and prospect as in RFM and the scorecard: the company's purchases and window."""
        def audience(name):
            return self._campaign(audience=name)._audience_partners() & self.fixture_partners

        # A window of 24 months: the customer of 500 days ago is active again.
        self.env.company.customer_active_months = 24
        self.assertEqual(audience("active"), self.active_customer | self.inactive_customer)
        self.assertFalse(audience("inactive"))
        # Invoices count, not orders: nobody of the fixture has bought, and the partners with an open
        # lead are prospects, the active customer's "Upsell" lead included.
        self.env.company.customer_purchase_source = "invoice"
        self.assertFalse(audience("active"))
        self.assertFalse(audience("inactive"))
        self.assertEqual(audience("prospect"), self.prospect | self.active_customer)
        # A draft quotation makes a prospect, as in the value pyramid.
        quoted = self.env["res.partner"].create({"name": "Quoted", "email": "quoted@example.com"})
        self.env["sale.order"].create({"partner_id": quoted.id})
        self.assertEqual(self._campaign(audience="prospect")._audience_partners() & (self.prospect | quoted),
                         self.prospect | quoted)

    def test_an_audience_whose_addon_is_gone_invites_nobody(self):
        """A campaign whose audience came from a bridge addon uninstalled since: refused, never everyone."""
        campaign = self._campaign()
        self.env.cr.execute("UPDATE crm_satisfaction_campaign SET audience = 'uninstalled_bridge' WHERE id = %s",
                            [campaign.id])
        campaign.invalidate_recordset()
        with self.assertRaisesRegex(UserError, "needs an addon that is no longer installed"):
            campaign._audience_partners()
        self.assertFalse(campaign.user_input_ids)

    def test_audience_active_inactive_prospect(self):
        # Intersect with the fixture: demo data may add other buyers; "no_email" buys but cannot be invited.
        for audience, expected in (
            ("active", self.active_customer),
            ("inactive", self.inactive_customer),
            ("prospect", self.prospect),
        ):
            found = self._campaign(audience=audience)._audience_partners() & self.fixture_partners
            self.assertEqual(found, expected, audience)

    def test_domain_audience(self):
        campaign = self._campaign(
            audience="domain", partner_domain=f"[('id', 'in', {[self.prospect.id, self.inactive_customer.id]})]"
        )
        self.assertEqual(campaign._audience_partners(), self.prospect | self.inactive_customer)

    def test_send_twice_no_duplicates_and_mail_queued(self):
        campaign = self._campaign()
        campaign.action_send()
        campaign.action_send()
        self.assertEqual(campaign.state, "sent")
        invitation = campaign.user_input_ids
        self.assertEqual(invitation.partner_id, self.active_customer)
        self.assertEqual(invitation.state, "new")
        self.assertEqual(len(invitation.access_token), 36)
        self.assertTrue(invitation.deadline)
        self.assertEqual(invitation.satisfaction_mail_state, "pending")
        self.env["crm.satisfaction.campaign"]._cron_process()
        self.assertEqual(invitation.satisfaction_mail_state, "queued")
        mail = self.env["mail.mail"].search([("model", "=", "survey.user_input"), ("res_id", "=", invitation.id)])
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.state, "outgoing")
        self.assertIn(f"/survey/satisfaction/{invitation.access_token}/10", mail.body_html)
        self.assertIn(f"/survey/satisfaction/optout/{invitation.access_token}", mail.body_html)

    def test_unique_constraint_in_database(self):
        campaign = self._campaign()
        campaign.action_send()
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.cr.savepoint():
            self.survey._create_answer(partner=self.active_customer).satisfaction_campaign_id = campaign
            self.env.flush_all()

    def test_opt_out_and_recent_survey_excluded(self):
        self.active_customer.satisfaction_opt_out = True
        self.assertFalse(self._campaign()._audience_partners())
        self.assertFalse(self.active_customer & self._campaign(audience="active")._audience_partners())
        self.active_customer.satisfaction_opt_out = False
        self.survey._create_answer(partner=self.active_customer)  # surveyed today
        self.assertFalse(self._campaign(exclude_days=30)._audience_partners())
        self.assertEqual(self._campaign(exclude_days=0)._audience_partners(), self.active_customer)

    def test_scheduled_campaign_sent_by_cron_and_reminder(self):
        campaign = self._campaign(send_date=fields.Datetime.now() - timedelta(minutes=1), reminder_days=7)
        campaign.action_schedule()
        self.assertEqual(campaign.state, "scheduled")
        self.env["crm.satisfaction.campaign"]._cron_process()
        self.assertEqual(campaign.state, "sent")
        self.assertEqual(len(campaign.user_input_ids), 1)
        # A call sends one campaign and stops there; the next one queues its e-mails.
        self.assertEqual(campaign.user_input_ids.satisfaction_mail_state, "pending")
        self.env["crm.satisfaction.campaign"]._cron_process()
        self.assertEqual(campaign.user_input_ids.satisfaction_mail_state, "queued")
        self.assertFalse(campaign.reminder_sent)
        campaign.send_date = fields.Datetime.now() - timedelta(days=8)
        mails_before = self.env["mail.mail"].search_count(
            [("res_id", "=", campaign.user_input_ids.id), ("model", "=", "survey.user_input")]
        )
        self.env["crm.satisfaction.campaign"]._cron_process()
        self.assertTrue(campaign.reminder_sent)
        self.assertEqual(
            self.env["mail.mail"].search_count(
                [("res_id", "=", campaign.user_input_ids.id), ("model", "=", "survey.user_input")]
            ),
            mails_before + 1,
        )

    def test_send_now_leaves_the_inviting_to_the_cron(self):
        cron = self.env.ref("crm_satisfaction_survey.ir_cron_satisfaction_campaign")
        triggers = self.env["ir.cron.trigger"]
        triggers_before = triggers.search_count([("cron_id", "=", cron.id)])
        campaign = self._campaign(send_date=fields.Datetime.now() + timedelta(days=3))
        action = campaign.action_send_now()
        self.assertEqual(action["params"]["message"],
                         "The invitations are being prepared in the background; the e-mails follow in batches.")
        # Nothing written per partner in the request, but due now.
        self.assertEqual((campaign.state, len(campaign.user_input_ids)), ("scheduled", 0))
        self.assertLessEqual(campaign.send_date, fields.Datetime.now())
        self.assertEqual(triggers.search_count([("cron_id", "=", cron.id)]), triggers_before + 1)
        self.env["crm.satisfaction.campaign"]._cron_process()
        self.assertEqual((campaign.state, len(campaign.user_input_ids)), ("sent", 1))
        self.assertEqual(campaign.user_input_ids.partner_id, self.active_customer)

    def test_the_cron_sends_one_campaign_per_call(self):
        # Each in a transaction of its own, the earliest due first.
        later = self._campaign(send_date=fields.Datetime.now() - timedelta(minutes=1))
        earlier = self._campaign(send_date=fields.Datetime.now() - timedelta(minutes=5))
        (later | earlier).action_schedule()
        campaigns = self.env["crm.satisfaction.campaign"]
        campaigns._cron_process()
        self.assertEqual((earlier.state, later.state), ("sent", "scheduled"))
        campaigns._cron_process()
        self.assertEqual(later.state, "sent")

    def test_campaign_scores(self):
        campaign = self._campaign(
            audience="domain",
            partner_domain=f"[('id', 'in', {[self.active_customer.id, self.prospect.id, self.inactive_customer.id]})]",
        )
        campaign.action_send()
        answers = campaign.user_input_ids.sorted("id")
        for answer, score in zip(answers[:2], (10, 2)):
            answer._save_lines(self.question, str(score))
            answer._mark_done()
        campaign.invalidate_recordset()
        self.assertEqual(campaign.invitation_count, 3)
        self.assertEqual(campaign.answered_count, 2)
        self.assertAlmostEqual(campaign.nps_score, 0.0)  # 1 promoter, 1 detractor
        self.assertAlmostEqual(campaign.response_rate, 66.7, places=1)

    def test_multi_company_isolation(self):
        company_b = self.env["res.company"].create({"name": "Company B"})
        campaign = self._campaign()
        campaign.action_send()
        answer = campaign.user_input_ids
        answer._save_lines(self.question, "9")
        user_b = new_test_user(
            self.env,
            "sat_user_b",
            groups="survey.group_survey_manager,sales_team.group_sale_salesman",
            company_id=company_b.id,
            company_ids=[(6, 0, company_b.ids)],
        )
        user_a = new_test_user(self.env, "sat_user_a", groups="survey.group_survey_manager")
        self.assertFalse(self.env["crm.satisfaction.campaign"].with_user(user_b).search([("id", "=", campaign.id)]))
        self.assertFalse(self.env["survey.user_input"].with_user(user_b).search([("id", "=", answer.id)]))
        self.assertFalse(
            self.env["survey.user_input.line"].with_user(user_b).search([("user_input_id", "=", answer.id)])
        )
        with self.assertRaises(AccessError):
            answer.with_user(user_b).read(["state"])
        self.assertEqual(self.env["survey.user_input"].with_user(user_a).search([("id", "=", answer.id)]), answer)

    def test_salesman_reads_campaign_but_cannot_write(self):
        salesman = new_test_user(self.env, "sat_salesman", groups="sales_team.group_sale_salesman")
        campaign = self._campaign()
        self.assertEqual(campaign.with_user(salesman).name, "Test campaign")
        with self.assertRaises(AccessError):
            campaign.with_user(salesman).write({"name": "x"})
