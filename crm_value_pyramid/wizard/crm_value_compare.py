from odoo import fields, models


class CrmValueCompare(models.TransientModel):
    """Measure again: the pyramid migration of a run from a baseline."""

    _name = "crm.value.compare"
    _inherit = ["crm.run.compare.mixin"]
    _description = "Compare pyramid levels with a baseline"

    run_id = fields.Many2one(
        "crm.value.run", "Run measured", domain="[('company_id', '=', company_id)]",
        help="The levels now: the current run by default.",
    )
    baseline_run_id = fields.Many2one(
        "crm.value.run", "Baseline run", domain="[('company_id', '=', company_id), ('id', '!=', run_id)]",
        help="The levels then: a baseline kept for it, or any run still kept.",
    )
