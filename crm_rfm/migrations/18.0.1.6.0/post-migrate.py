"""18.0.1.6.0: the CLV scores keep what the probability alive was read from
(repeat purchases, usual gap, days since the last purchase), shown on the
customer form. The scores of each company's current model get them now, from
the same history; older models' scores are pruned anyway. The models' fit
table and averages come with the next fit."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    for model in env["res.company"].search([]).clv_current_model_id:
        if model.state == "fitted":
            model._fill_rhythms()
