from odoo import fields, models
from odoo.tools import SQL

from odoo.addons.crm_satisfaction_survey.lib import satisfaction
from odoo.addons.crm_value_pyramid.models.crm_value_line import PYRAMID_LEVELS


class CrmSatisfactionReport(models.Model):
    """Satisfaction per RFM segment and pyramid level: the scorecard is where
    the three diagnoses meet, so the join of their results lives here.

    Both are the customer's current segment and level (latest runs) in the
    answer's company, as on the partner form.
    """

    _inherit = "crm.satisfaction.report"
    _depends = {
        "res.company": ["rfm_current_run_id", "value_current_run_id"],
        "crm.rfm.snapshot": ["run_id", "partner_id", "segment_id"],
        "crm.value.line": ["run_id", "partner_id", "level"],
    }

    rfm_segment_id = fields.Many2one("crm.rfm.segment", "RFM segment", readonly=True)
    value_pyramid_level = fields.Selection(PYRAMID_LEVELS, "Value pyramid level", readonly=True)

    def _select(self):
        # The row's company picks its current runs; answers with no company
        # (no campaign, shared partner) have no segment. A customer merged
        # since the run shows its larger row, as on the partner form.
        return SQL(
            """%(parent)s,
            (SELECT snapshot.segment_id FROM crm_rfm_snapshot snapshot
               JOIN res_company rfm_company ON rfm_company.rfm_current_run_id = snapshot.run_id
              WHERE rfm_company.id = %(company)s
                AND snapshot.partner_id = customer.id
              ORDER BY snapshot.monetary DESC, snapshot.id LIMIT 1) AS rfm_segment_id,
            (SELECT value_line.level FROM crm_value_line value_line
               JOIN res_company value_company ON value_company.value_current_run_id = value_line.run_id
              WHERE value_company.id = %(company)s
                AND value_line.partner_id = customer.id) AS value_pyramid_level""",
            parent=super()._select(), company=satisfaction.answer_company_sql("ui", "customer"),
        )
