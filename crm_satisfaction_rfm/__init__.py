from odoo.tools import SQL
from odoo.tools.sql import column_exists

from . import models


def _move_campaign_segments(env):
    """Campaigns made before this bridge kept their RFM segment as a string
    of its id (a dynamic selection of crm_satisfaction_survey): point the
    real field at the segment, if it still exists."""
    if column_exists(env.cr, "crm_satisfaction_campaign", "rfm_segment"):
        env.cr.execute(SQL(
            """
            UPDATE crm_satisfaction_campaign campaign SET rfm_segment_id = segment.id
              FROM crm_rfm_segment segment
             WHERE campaign.rfm_segment ~ '^[0-9]+$' AND segment.id = campaign.rfm_segment::int
            """
        ))
