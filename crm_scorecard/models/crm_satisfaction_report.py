from odoo import fields, models
from odoo.tools import SQL

from odoo.addons.crm_rfm.models.res_partner import RFM_RESULTS
from odoo.addons.crm_satisfaction_survey.lib import satisfaction
from odoo.addons.crm_value_pyramid.models.crm_value_line import PYRAMID_LEVELS
from odoo.addons.crm_value_pyramid.models.res_partner import VALUE_RESULTS


class CrmSatisfactionReport(models.Model):
    """Satisfaction per RFM segment and pyramid level: the scorecard is where
    the three diagnoses meet, so the join of their results lives here.

    Both are the customer's current segment and level (latest runs) in the
    answer's company, as on the partner form.
    """

    _name = "crm.satisfaction.report"
    _inherit = ["crm.satisfaction.report", "crm.selection.order.mixin"]
    _depends = {
        "res.company": ["rfm_current_run_id", "value_current_run_id"],
        "crm.rfm.snapshot": ["run_id", "partner_id", "segment_id"],
        "crm.value.line": ["run_id", "partner_id", "level"],
    }

    rfm_segment_id = fields.Many2one("crm.rfm.segment", "RFM segment", readonly=True)
    value_pyramid_level = fields.Selection(PYRAMID_LEVELS, "Value pyramid level", readonly=True)

    def _selection_ordered_fields(self):
        return super()._selection_ordered_fields() | {"value_pyramid_level"}

    def _select(self):
        # The row's company picks its current runs; answers with no company
        # (no campaign, shared partner) have no segment. The rows read are
        # those the partner form shows (crm_customer_value_base's
        # CurrentRunColumns, owned by each addon).
        company = satisfaction.answer_company_sql("ui", "customer")
        customer = SQL("customer.id")
        return SQL(
            "%(parent)s, %(segment)s AS rfm_segment_id, %(level)s AS value_pyramid_level",
            parent=super()._select(),
            segment=RFM_RESULTS.company_field_sql(self.env, "rfm_segment_id", company, customer),
            level=VALUE_RESULTS.company_field_sql(self.env, "value_pyramid_level", company, customer),
        )
