from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

# Invitations whose e-mail is rendered per cron run: large campaigns are queued
# in slices so no transaction holds thousands of rendered mails.
MAIL_BATCH_SIZE = 1000
# A customer is "active" when they bought within this many days.


class CrmSatisfactionCampaign(models.Model):
    _name = "crm.satisfaction.campaign"
    _description = "Satisfaction campaign"
    _inherit = ["mail.thread"]
    _order = "send_date desc, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    survey_id = fields.Many2one("survey.survey", required=True, ondelete="restrict")
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    user_id = fields.Many2one("res.users", "Owner", default=lambda self: self.env.user, check_company=True)
    audience = fields.Selection(
        selection="_selection_audience",
        required=True,
        default="active",
        help="As the company defines them (CRM settings, Customers): active customers bought within its active "
        "customer window, inactive customers bought before but not since, prospects have an open lead, "
        "opportunity or quotation and never bought.",
    )
    partner_domain = fields.Char("Partner domain", default="[]")
    exclude_days = fields.Integer(
        "Skip partners surveyed in the last (days)",
        default=90,
        help="Partners invited to any survey within this many days are left out.",
    )
    send_date = fields.Datetime(default=fields.Datetime.now, tracking=True)
    deadline_days = fields.Integer("Answer within (days)", default=30)
    reminder_days = fields.Integer("Reminder after (days)", default=7, help="0 disables the reminder.")
    reminder_sent = fields.Boolean(readonly=True, copy=False)
    state = fields.Selection(
        [("draft", "Draft"), ("scheduled", "Scheduled"), ("sent", "Sent")],
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
    )
    user_input_ids = fields.One2many("survey.user_input", "satisfaction_campaign_id", string="Invitations")
    invitation_count = fields.Integer(compute="_compute_results")
    answered_count = fields.Integer(compute="_compute_results")
    nps_score = fields.Float("NPS", compute="_compute_results", digits=(16, 1))
    csat_score = fields.Float("CSAT (%)", compute="_compute_results", digits=(16, 1))
    ces_score = fields.Float("CES (mean)", compute="_compute_results", digits=(16, 2))
    response_rate = fields.Float("Response rate (%)", compute="_compute_results", digits=(16, 1))

    @api.model
    def _selection_audience(self):
        """The audiences: the company's customers by status, a partner domain, and
        those the bridge addons add (crm_satisfaction_rfm: an RFM segment,
        crm_satisfaction_value_pyramid: a pyramid level) before the domain."""
        # Built in code (the installed addons decide), so labelled with env._ to be translated.
        return [
            ("active", self.env._("Active customers")),
            ("inactive", self.env._("Inactive customers")),
            ("prospect", self.env._("Prospects")),
            *((key, label) for key, (label, _field, _partner_field) in self._audience_partner_fields().items()),
            ("domain", self.env._("Partner domain")),
        ]

    @api.model
    def _audience_partner_fields(self):
        """The audiences the bridge addons add, each the partners with one value of one partner field:
        {audience key: (label, campaign field holding the value, partner field compared with it)}. The
        partner field reads the campaign company's current run, as on the partner list."""
        return {}

    @api.constrains(lambda self: ["audience", *(spec[1] for spec in self._audience_partner_fields().values())])
    def _check_audience_value(self):
        for campaign in self:
            label, field, _partner_field = campaign._audience_partner_fields().get(campaign.audience, (None,) * 3)
            if field and not campaign[field]:
                raise ValidationError(self.env._(
                    "Campaign %(name)s is for the customers of one %(audience)s: choose which.",
                    name=campaign.name, audience=label,
                ))

    def _compute_results(self):
        from ..lib import satisfaction

        scores = {}
        # One grouped query per campaign: _read_group cannot group by a related path in 18.
        for campaign in self:
            for question, value, count in self.env["survey.user_input.line"]._read_group(
                [("user_input_id.satisfaction_campaign_id", "=", campaign.id), *satisfaction.scored_line_domain()],
                ["question_id", "value_scale"],
                ["__count"],
            ):
                scores.setdefault((campaign.id, question.satisfaction_metric), []).extend([value] * count)
        counts = {}
        for campaign, state, count in self.env["survey.user_input"]._read_group(
            [("satisfaction_campaign_id", "in", self.ids), *satisfaction.INVITATION_DOMAIN],
            ["satisfaction_campaign_id", "state"], ["__count"],
        ):
            total, done = counts.get(campaign.id, (0, 0))
            counts[campaign.id] = (total + count, done + (count if state == "done" else 0))
        for campaign in self:
            total, done = counts.get(campaign.id, (0, 0))
            nps = satisfaction.nps(scores.get((campaign.id, "nps"), []))
            csat = satisfaction.csat(scores.get((campaign.id, "csat"), []))
            ces_mean = satisfaction.ces(scores.get((campaign.id, "ces"), []))[0]
            rate = satisfaction.response_rate(total, done)
            campaign.invitation_count = total
            campaign.answered_count = done
            campaign.nps_score = nps if nps is not None else False
            campaign.csat_score = csat if csat is not None else False
            campaign.ces_score = ces_mean if ces_mean is not None else False
            campaign.response_rate = rate if rate is not None else False

    # ---- audience -------------------------------------------------------

    def _audience_sql(self):
        """SQL selecting the audience's commercial partner ids (before exclusions)."""
        self.ensure_one()
        # Active, inactive and prospect: the company's definitions (Settings,
        # Customers), as in RFM and the scorecard.
        facts = self.env["crm.purchase.facts"]
        today = fields.Date.context_today(self)
        if self.audience == "active":
            return facts._active_customers_sql(self.company_id, today)
        if self.audience == "inactive":
            return facts._inactive_customers_sql(self.company_id, today)
        if self.audience == "prospect":
            return facts._prospects_sql(self.company_id, today)
        # Searched as on the partner list, in the campaign's company (a
        # segment or a level is that of the company's current run).
        query = self.env["res.partner"].with_company(self.company_id)._where_calc(self._audience_domain())
        return query.select(SQL("res_partner.id"))

    def _audience_domain(self):
        """Domain on the partners of an audience chosen by partner fields: the partner domain, or one
        value of a bridge addon's partner field (:meth:`_audience_partner_fields`)."""
        self.ensure_one()
        _label, field, partner_field = self._audience_partner_fields().get(self.audience, (None,) * 3)
        if field:
            value = self[field]
            return [(partner_field, "=", value.id if isinstance(value, models.BaseModel) else value)]
        if self.audience != "domain":
            # An audience of a bridge addon uninstalled since: never fall back to every partner.
            raise UserError(self.env._(
                "The audience of campaign %(name)s needs an addon that is no longer installed: choose another "
                "audience.", name=self.name,
            ))
        return self._parse_domain()

    def _parse_domain(self):
        from odoo.tools.safe_eval import safe_eval

        try:
            return safe_eval(self.partner_domain or "[]")
        except Exception as error:
            raise UserError(
                self.env._(
                    "The partner domain of campaign %(name)s is not valid: %(error)s", name=self.name, error=error
                )
            ) from error

    def _recipients_sql(self):
        """Audience minus partners without e-mail, opted out, recently surveyed or already invited."""
        self.ensure_one()
        recent = fields.Datetime.now() - timedelta(days=self.exclude_days or 0)
        return SQL(
            """SELECT p.id, p.email FROM res_partner p
               WHERE p.id IN (%(audience)s)
                 AND p.active AND COALESCE(p.email, '') != '' AND NOT COALESCE(p.satisfaction_opt_out, FALSE)
                 AND (p.company_id IS NULL OR p.company_id = %(company)s)
                 AND (%(exclude)s = 0 OR NOT EXISTS (
                        SELECT 1 FROM survey_user_input ui
                        WHERE ui.partner_id = p.id AND ui.create_date >= %(recent)s
                          AND ui.satisfaction_campaign_id IS DISTINCT FROM %(campaign)s))""",
            audience=self._audience_sql(),
            company=self.company_id.id,
            exclude=self.exclude_days or 0,
            recent=recent,
            campaign=self.id,
        )

    def _audience_partners(self):
        self.ensure_one()
        self.env.flush_all()  # raw SQL below reads partners, orders and answers
        rows = self.env.execute_query(self._recipients_sql())
        return self.env["res.partner"].browse(row[0] for row in rows)

    # ---- sending --------------------------------------------------------

    def action_schedule(self):
        for campaign in self.filtered(lambda c: c.state == "draft"):
            campaign.state = "scheduled"
        self.env.ref("crm_satisfaction_survey.ir_cron_satisfaction_campaign")._trigger(
            min(self.mapped("send_date") or [fields.Datetime.now()])
        )

    def action_send_now(self):
        """The *Send now* button: the campaign is due at once and the
        scheduled action sends it right after this request.

        Inviting a whole customer base writes a survey invitation (and its
        questions) per partner: 81 s for 1.3M partners, longer than a web
        request may last; the cron has no such limit.
        """
        campaigns = self.filtered(lambda c: c.state != "sent")
        campaigns.write({"state": "scheduled", "send_date": fields.Datetime.now()})
        self.env.ref("crm_satisfaction_survey.ir_cron_satisfaction_campaign")._trigger()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "info",
                "message": self.env._(
                    "The invitations are being prepared in the background; the e-mails follow in batches."
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def action_send(self):
        """Create one tokenized invitation per recipient in one INSERT, then queue the e-mails.

        ON CONFLICT relies on the (campaign, partner) unique index: a second send
        (double click, cron retry) never invites the same partner twice.
        """
        self.env.flush_all()  # the INSERT ... SELECT reads partners, orders and answers in SQL
        for campaign in self:
            if not campaign.survey_id.active:
                raise UserError(self.env._("The survey of campaign %(name)s is archived.", name=campaign.name))
            if campaign.survey_id.access_mode != "token":
                # Invitations are personal: with public access anybody could answer for anybody.
                campaign.survey_id.sudo().access_mode = "token"
            deadline = (
                fields.Datetime.now() + timedelta(days=campaign.deadline_days) if campaign.deadline_days else None
            )
            self.env.cr.execute(
                SQL(
                    """INSERT INTO survey_user_input (survey_id, partner_id, email, access_token, state, deadline,
                        satisfaction_campaign_id, test_entry, is_session_answer, survey_first_submitted,
                        satisfaction_mail_state, create_uid, write_uid, create_date, write_date)
                   SELECT %(survey)s, r.id, r.email, gen_random_uuid()::text, 'new', %(deadline)s,
                          %(campaign)s, FALSE, FALSE, FALSE, 'pending', %(uid)s, %(uid)s, now() at time zone 'UTC',
                          now() at time zone 'UTC'
                     FROM (%(recipients)s) r
                   ON CONFLICT (satisfaction_campaign_id, partner_id) DO NOTHING
                   RETURNING id""",
                    survey=campaign.survey_id.id,
                    deadline=deadline,
                    campaign=campaign.id,
                    uid=self.env.uid,
                    recipients=campaign._recipients_sql(),
                )
            )
            campaign._set_predefined_questions([row[0] for row in self.env.cr.fetchall()])
            campaign.state = "sent"
            campaign.send_date = fields.Datetime.now()
        self.env["survey.user_input"].invalidate_model()
        self.invalidate_recordset()
        # E-mails are rendered by the cron in slices, right after this transaction commits.
        self.env.ref("crm_satisfaction_survey.ir_cron_satisfaction_campaign")._trigger()
        return True

    def _set_predefined_questions(self, user_input_ids):
        """The questions each new invitation asks, as survey._create_answer() sets them.

        Odoo's survey controller saves the answers of these questions only
        (survey._get_survey_questions): without them a submitted page stores nothing.
        """
        self.ensure_one()
        if not user_input_ids:
            return
        survey = self.survey_id
        if survey.questions_selection == "random":
            # a random draw per invitation, as Odoo does it
            for user_input in self.env["survey.user_input"].browse(user_input_ids):
                user_input.predefined_question_ids = survey._prepare_user_input_predefined_questions()
            return
        self.env.cr.execute(
            SQL(
                """INSERT INTO survey_question_survey_user_input_rel (survey_user_input_id, survey_question_id)
                   SELECT ui.id, q.id FROM unnest(%(user_inputs)s::int[]) AS ui(id)
                   CROSS JOIN survey_question q
                   WHERE q.survey_id = %(survey)s AND NOT COALESCE(q.is_page, FALSE)""",
                user_inputs=user_input_ids,
                survey=survey.id,
            )
        )

    @api.model
    def _cron_process(self):
        """Send a due scheduled campaign, or queue pending invitation e-mails in slices and send due reminders."""
        cron = self.env["ir.cron"]
        due = self.search([("state", "=", "scheduled"), ("send_date", "<=", fields.Datetime.now())],
                          order="send_date, id", limit=1)
        if due:
            # One campaign per call, in a transaction of its own: inviting a
            # whole customer base takes long (87 s for 1.3M partners). The
            # runner calls again at once for the next one and the e-mails.
            due.with_company(due.company_id).action_send()
            cron._notify_progress(done=1, remaining=1)
            return
        template = self.env.ref("crm_satisfaction_survey.mail_template_satisfaction_invitation")
        pending = self.env["survey.user_input"].search(
            [("satisfaction_campaign_id", "!=", False), ("satisfaction_mail_state", "=", "pending")],
            limit=MAIL_BATCH_SIZE,
            order="id",
        )
        remaining = self.env["survey.user_input"].search_count(
            [("satisfaction_campaign_id", "!=", False), ("satisfaction_mail_state", "=", "pending")]
        )
        if pending:
            template.send_mail_batch(pending.ids, force_send=False)
            pending.satisfaction_mail_state = "queued"
            cron._notify_progress(done=len(pending), remaining=remaining - len(pending))
        self._send_reminders()

    def _send_reminders(self):
        template = self.env.ref("crm_satisfaction_survey.mail_template_satisfaction_reminder")
        for campaign in self.search([("state", "=", "sent"), ("reminder_sent", "=", False), ("reminder_days", ">", 0)]):
            if campaign.send_date + timedelta(days=campaign.reminder_days) > fields.Datetime.now():
                continue
            unanswered = campaign.user_input_ids.filtered(
                lambda ui: (
                    ui.state != "done"
                    and ui.satisfaction_mail_state == "queued"
                    and not (ui.deadline and ui.deadline < fields.Datetime.now())
                )
            )
            if unanswered:
                template.send_mail_batch(unanswered.ids, force_send=False)
            campaign.reminder_sent = True
