from odoo import api, fields, models
from odoo.exceptions import UserError


class CrmRunBaseline(models.TransientModel):
    """Names a run kept as a baseline (crm.run.mixin.action_keep_as_baseline)."""

    _name = "crm.run.baseline"
    _description = "Keep a run as a baseline"

    res_model = fields.Char(required=True, readonly=True)
    res_id = fields.Integer(required=True, readonly=True)
    name = fields.Char(
        "Baseline name", required=True,
        help="What the run stands for when later runs are compared with it, e.g. \"Start of the project\".",
    )

    @api.constrains("res_model")
    def _check_res_model(self):
        for wizard in self:
            model = self.env.get(wizard.res_model)
            if model is None or not hasattr(model, "_run_keep_as_baseline"):
                raise UserError(self.env._("Only a customer value run can be kept as a baseline."))

    def action_confirm(self):
        self.ensure_one()
        if not self.name.strip():
            raise UserError(self.env._("Give the baseline a name, e.g. \"Start of the project\"."))
        self.env[self.res_model].browse(self.res_id).exists()._run_keep_as_baseline(self.name.strip())
        return {"type": "ir.actions.act_window_close"}
