"""18.0.1.1.0: invitations of campaigns ask their survey's questions.

Campaigns sent with 18.0.1.0.0 created their invitations without the list of
questions Odoo's survey pages save answers for (predefined_question_ids), so
what a customer typed on those pages was not stored. Invitations still open
get the list now; answers already given are untouched.
"""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    cr.execute(
        """
        SELECT ui.satisfaction_campaign_id, array_agg(ui.id)
          FROM survey_user_input ui
         WHERE ui.satisfaction_campaign_id IS NOT NULL AND ui.state IN ('new', 'in_progress')
           AND NOT EXISTS (SELECT 1 FROM survey_question_survey_user_input_rel rel
                            WHERE rel.survey_user_input_id = ui.id)
         GROUP BY ui.satisfaction_campaign_id
        """
    )
    for campaign_id, user_input_ids in cr.fetchall():
        env["crm.satisfaction.campaign"].browse(campaign_id)._set_predefined_questions(user_input_ids)
