from datetime import datetime
from datetime import time as dtime

from dateutil.relativedelta import relativedelta

from odoo import models

from ..lib import scorecard


class CrmScorecardProviderCampaigns(models.AbstractModel):
    """Learning and growth: the share of salespeople who ran a satisfaction campaign."""

    _name = "crm.scorecard.provider.campaigns"
    _inherit = ["crm.scorecard.provider"]
    _description = "Scorecard KPIs: satisfaction campaigns"

    _provider_codes = ("salespeople_with_campaign",)

    def _provider_compute(self, company, periods, by_team):
        """Share of the salespeople (of the company, of each team) owning a satisfaction campaign sent in the period."""
        Campaign = self.env["crm.satisfaction.campaign"]
        salespeople = self.env["res.users"].sudo().search([
            ("share", "=", False), ("company_ids", "in", company.id),
            ("groups_id", "in", self.env.ref("sales_team.group_sale_salesman").id),
        ])
        members = {None: salespeople}
        for team_id in by_team:
            if team_id:
                members[team_id] = salespeople.filtered(lambda user, team_id=team_id: user.sale_team_id.id == team_id)
        for idx, (start, end) in enumerate(periods):
            # send_date is when a sent campaign went out; drafts and scheduled
            # ones were not run in the period.
            domain = [("company_id", "=", company.id), ("user_id", "in", salespeople.ids), ("state", "=", "sent"),
                      ("send_date", ">=", datetime.combine(start, dtime.min)),
                      ("send_date", "<", datetime.combine(end + relativedelta(days=1), dtime.min))]
            with_campaign = {user.id for (user,) in Campaign.sudo()._read_group(domain, ["user_id"])}
            for team_id, users in members.items():
                by_team[team_id]["salespeople_with_campaign"][idx] = scorecard.ratio_pct(
                    len(with_campaign.intersection(users.ids)), len(users))

