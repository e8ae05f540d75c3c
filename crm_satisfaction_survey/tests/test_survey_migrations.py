import importlib.util
from pathlib import Path

from odoo.tests import tagged

from .common import SatisfactionCampaignCase

MIGRATIONS = Path(__file__).parent.parent / "migrations"


def load_migration(version, name="post-migrate"):
    path = MIGRATIONS / version / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"crm_satisfaction_migration_{version.replace('.', '_')}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@tagged("post_install", "-at_install")
class TestSatisfactionMigrations(SatisfactionCampaignCase):
    def test_upgrade_to_18_0_1_1_0_gives_open_invitations_their_questions(self):
        campaign = self._campaign(partner_domain=repr([("id", "in", (self.active_customer | self.prospect).ids)]))
        campaign.action_send()
        pending, answered = campaign.user_input_ids.sorted("id")
        answered.state = "done"
        questions = self.question | self.comment_question
        self.assertEqual(pending.predefined_question_ids, questions)
        # As 18.0.1.0.0 left them: no questions on any invitation.
        self.env.cr.execute(
            "DELETE FROM survey_question_survey_user_input_rel WHERE survey_user_input_id IN %s",
            [tuple(campaign.user_input_ids.ids)],
        )
        campaign.user_input_ids.invalidate_recordset()
        load_migration("18.0.1.1.0").migrate(self.env.cr, "18.0.1.0.0")
        campaign.user_input_ids.invalidate_recordset()
        self.assertEqual(pending.predefined_question_ids, questions)
        # A finished answer is history: left as it was.
        self.assertFalse(answered.predefined_question_ids)
