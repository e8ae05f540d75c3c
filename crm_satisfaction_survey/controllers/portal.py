from odoo import fields
from odoo.http import request, route

from odoo.addons.portal.controllers.portal import CustomerPortal


class SatisfactionPortal(CustomerPortal):
    """"My surveys": the satisfaction invitations of the logged-in customer."""

    def _satisfaction_invitation_domain(self, pending):
        # Portal users have no access to survey.user_input: the sudo() search is confined
        # to the invitations of the user's own partner, so no id or token in the request can
        # bring another customer's answers onto the page.
        domain = [
            ("satisfaction_campaign_id", "!=", False),
            ("partner_id", "=", request.env.user.partner_id.id),
        ]
        if pending:
            domain += [
                ("state", "in", ("new", "in_progress")),
                ("survey_id.active", "=", True),
                "|",
                ("deadline", "=", False),
                ("deadline", ">=", fields.Datetime.now()),
            ]
        else:
            domain += [("state", "=", "done")]
        return domain

    def _satisfaction_invitations(self, pending):
        domain = self._satisfaction_invitation_domain(pending)
        order = "deadline, id" if pending else "end_datetime desc, id desc"
        return request.env["survey.user_input"].sudo().search(domain, order=order)

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "satisfaction_survey_count" in counters:
            # pending and answered ones: what /my/surveys lists
            Invitation = request.env["survey.user_input"].sudo()
            values["satisfaction_survey_count"] = Invitation.search_count(
                self._satisfaction_invitation_domain(pending=True)
            ) + Invitation.search_count(self._satisfaction_invitation_domain(pending=False))
        return values

    @route("/my/surveys", type="http", auth="user", website=True)
    def portal_my_satisfaction_surveys(self, **kwargs):
        answered = self._satisfaction_invitations(pending=False)
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "satisfaction_surveys",
                "pending_invitations": self._satisfaction_invitations(pending=True),
                "answered_invitations": answered,
                "scores_by_invitation": {
                    invitation.id: invitation.user_input_line_ids.filtered(
                        lambda line: (
                            line.question_id.satisfaction_metric and line.answer_type == "scale" and not line.skipped
                        )
                    )
                    for invitation in answered
                },
            }
        )
        return request.render("crm_satisfaction_survey.portal_my_satisfaction_surveys", values)
