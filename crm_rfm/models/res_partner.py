from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import formatLang

from odoo.addons.crm_customer_value_base.tools.access import INTERNAL_USER, VALUE_MANAGER
from odoo.addons.crm_customer_value_base.tools.current_run import CurrentRunColumns

# The RFM and CLV values of a partner are those of its row in the current
# run (or CLV model) of the user's company: read there, never copied onto the
# partners (see tools/current_run.py). A partner merged since the run shows
# the larger of its rows.
RFM_RESULTS = CurrentRunColumns("crm.rfm.snapshot", "rfm_current_run_id", {
    "rfm_last_purchase_date": "last_purchase_date",
    "rfm_frequency": "frequency",
    "rfm_monetary": "monetary",
    "rfm_r_score": "r_score",
    "rfm_f_score": "f_score",
    "rfm_m_score": "m_score",
    "rfm_score": "rfm_score",
    "rfm_segment_id": "segment_id",
}, compute="_compute_rfm_results", pick="monetary DESC, id")
CLV_RESULTS = CurrentRunColumns("crm.clv.score", "clv_current_model_id", {
    "clv_p_alive": "p_alive",
    "clv_expected_purchases": "expected_purchases",
    "clv_value": "value",
    "clv_repeat_purchases": "repeat_purchases",
    "clv_usual_gap_days": "usual_gap_days",
    "clv_days_since_last_purchase": "days_since_last",
}, compute="_compute_clv_results", pick="value DESC, id", run_column="model_id")
RFM_MONEY_FIELDS = ["rfm_monetary"]


class ResPartner(models.Model):
    _inherit = "res.partner"

    # What a customer is (segment, scores) is for the employees, what it
    # spends and is worth for the value managers (tools/access.py).
    rfm_last_purchase_date = fields.Date(
        "Last purchase", groups=INTERNAL_USER, **RFM_RESULTS.field_options("rfm_last_purchase_date")
    )
    rfm_recency_days = fields.Integer(
        "Recency (days)", compute="_compute_rfm_recency_days", search="_search_rfm_recency_days", groups=INTERNAL_USER,
        help="Days from the last purchase to the date of the current RFM run.",
    )
    rfm_frequency = fields.Integer("Frequency", groups=INTERNAL_USER, **RFM_RESULTS.field_options("rfm_frequency"))
    rfm_monetary = fields.Float(
        "Monetary", groups=VALUE_MANAGER, **RFM_RESULTS.field_options("rfm_monetary", compute="_compute_rfm_money")
    )
    rfm_r_score = fields.Integer("R score", groups=INTERNAL_USER, **RFM_RESULTS.field_options("rfm_r_score"))
    rfm_f_score = fields.Integer("F score", groups=INTERNAL_USER, **RFM_RESULTS.field_options("rfm_f_score"))
    rfm_m_score = fields.Integer("M score", groups=INTERNAL_USER, **RFM_RESULTS.field_options("rfm_m_score"))
    rfm_score = fields.Char("RFM score", groups=INTERNAL_USER, **RFM_RESULTS.field_options("rfm_score"))
    rfm_segment_id = fields.Many2one(
        "crm.rfm.segment", "RFM segment", groups=INTERNAL_USER, **RFM_RESULTS.field_options("rfm_segment_id")
    )
    clv_p_alive = fields.Float(
        "Probability alive", digits=(16, 3), groups=VALUE_MANAGER, **CLV_RESULTS.field_options("clv_p_alive")
    )
    clv_expected_purchases = fields.Float(
        "Expected purchases (horizon)", digits=(16, 2), groups=VALUE_MANAGER,
        **CLV_RESULTS.field_options("clv_expected_purchases"),
    )
    clv_value = fields.Float(
        "Customer lifetime value", digits=(16, 2), groups=VALUE_MANAGER, **CLV_RESULTS.field_options("clv_value")
    )
    # What the probability alive is read from (BG/NBD): how often the
    # customer bought, and how long ago against that rhythm.
    clv_repeat_purchases = fields.Integer(
        "Repeat purchases (CLV)", groups=VALUE_MANAGER, **CLV_RESULTS.field_options("clv_repeat_purchases"),
    )
    clv_usual_gap_days = fields.Float(
        "Usual days between purchases", digits=(16, 1), groups=VALUE_MANAGER,
        **CLV_RESULTS.field_options("clv_usual_gap_days"),
    )
    clv_days_since_last_purchase = fields.Integer(
        "Days since the last purchase (CLV)", groups=VALUE_MANAGER,
        **CLV_RESULTS.field_options("clv_days_since_last_purchase"),
    )
    clv_p_alive_explanation = fields.Char(
        "Why this probability", compute="_compute_clv_p_alive_explanation", groups=VALUE_MANAGER,
        help="The probability alive compares the time since the last purchase with the customer's own rhythm: "
             "the longer past the usual gap, the lower it is.",
    )

    @api.model
    def _current_run_columns(self):
        """{partner field: CurrentRunColumns} of every field read from a current run; addons add theirs."""
        return {**dict.fromkeys(RFM_RESULTS.columns, RFM_RESULTS), **dict.fromkeys(CLV_RESULTS.columns, CLV_RESULTS)}

    @api.depends_context("company")
    def _compute_rfm_results(self):
        # The fields of one compute method must share their groups (see
        # CurrentRunColumns.compute): the money has its own.
        RFM_RESULTS.compute(self, [name for name in RFM_RESULTS.columns if name not in RFM_MONEY_FIELDS])

    @api.depends_context("company")
    def _compute_rfm_money(self):
        RFM_RESULTS.compute(self, RFM_MONEY_FIELDS)

    @api.depends_context("company")
    def _compute_clv_results(self):
        CLV_RESULTS.compute(self)

    @api.depends("clv_p_alive", "clv_repeat_purchases", "clv_usual_gap_days", "clv_days_since_last_purchase")
    @api.depends_context("company")
    def _compute_clv_p_alive_explanation(self):
        # Not in SQL, so not checked by Odoo when exported: checked here.
        self.check_field_access_rights("read", ["clv_p_alive_explanation"])
        for partner in self:
            since = partner.clv_days_since_last_purchase
            if not partner.clv_p_alive and not partner.clv_repeat_purchases and not since:
                partner.clv_p_alive_explanation = False  # no score in the current model
            elif not partner.clv_repeat_purchases:
                partner.clv_p_alive_explanation = self.env._(
                    "One purchase, %(days)s days ago: no buying rhythm yet, so the model counts the customer as "
                    "alive until a second purchase shows one.",
                    days=since,
                )
            else:
                gap = partner.clv_usual_gap_days
                partner.clv_p_alive_explanation = self.env._(
                    "%(purchases)s repeat purchases, usually %(gap)s days apart; the last one %(days)s days "
                    "ago, %(times)s times the usual gap.",
                    purchases=partner.clv_repeat_purchases, gap=formatLang(self.env, gap, digits=0),
                    days=since, times=formatLang(self.env, since / gap if gap else 0, digits=1),
                )

    def _field_to_sql(self, alias, fname, query=None, flush=True):
        # Grouping and sorting partners by a field read from a current run.
        results = self._current_run_columns().get(fname)
        if results:
            return results.field_sql(self, alias, fname, query)
        return super()._field_to_sql(alias, fname, query, flush)

    @api.depends("rfm_last_purchase_date")
    @api.depends_context("company")
    def _compute_rfm_recency_days(self):
        as_of = self.env.company.sudo().rfm_current_run_id.as_of_date
        for partner in self:
            last = partner.rfm_last_purchase_date
            partner.rfm_recency_days = (as_of - last).days if as_of and last else 0

    def _search_rfm_recency_days(self, operator, value):
        """Recency compared to N days is the last purchase compared to the
        run date minus N days, the other way round."""
        as_of = self.env.company.sudo().rfm_current_run_id.as_of_date
        mirrored = {">": "<", ">=": "<=", "<": ">", "<=": ">=", "=": "=", "!=": "!="}
        if operator not in mirrored or not isinstance(value, int) or isinstance(value, bool):
            raise UserError(self.env._("Recency can only be compared to a number of days."))
        if not as_of:
            return [("id", "=", False)]
        return [("rfm_last_purchase_date", mirrored[operator], as_of - timedelta(days=value))]
