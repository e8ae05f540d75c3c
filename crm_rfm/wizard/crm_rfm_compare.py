from odoo import fields, models


class CrmRfmCompare(models.TransientModel):
    """Measure again: the segment transitions of a run from a baseline."""

    _name = "crm.rfm.compare"
    _inherit = ["crm.run.compare.mixin"]
    _description = "Compare RFM segments with a baseline"

    run_id = fields.Many2one(
        "crm.rfm.run", "Run measured", domain="[('company_id', '=', company_id)]",
        help="The segments now: the current run by default.",
    )
    baseline_run_id = fields.Many2one(
        "crm.rfm.run", "Baseline run", domain="[('company_id', '=', company_id), ('id', '!=', run_id)]",
        help="The segments then: a baseline kept for it, or any run still kept.",
    )
