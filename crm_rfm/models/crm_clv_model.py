import io
import logging
from datetime import date

import markupsafe
import numpy as np

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, formatLang

from odoo.addons.crm_customer_value_base.tools.access import VALUE_MANAGER

from ..lib import clv
from .res_partner import CLV_RESULTS

_logger = logging.getLogger(__name__)

# The models are fitted on a deterministic sample of at most this many
# customers (see clv.fitting_sample), then every customer is scored.
FIT_SAMPLE_SIZE = 100_000
TIME_UNIT_DAYS = {"day": 1.0, "week": 7.0, "month": 365.25 / 12.0}
# The decimals kept of each prediction: those the partner shows.
CLV_DECIMALS = {"p_alive": 3, "purchases": 2, "value": 2}


def copy_text(value):
    """A float as COPY reads it: NaN (no usual gap without repeat purchases) is NULL."""
    return r"\N" if np.isnan(value) else repr(value)


class CrmClvModel(models.Model):
    """One fit of the BG/NBD and Gamma-Gamma models for one company."""

    _name = "crm.clv.model"
    _description = "Customer Lifetime Value Model"
    _order = "as_of_date desc, id desc"

    name = fields.Char(compute="_compute_name")
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    as_of_date = fields.Date("Calibration end", required=True, readonly=True)
    time_unit = fields.Selection(
        [("day", "Days"), ("week", "Weeks"), ("month", "Months")], required=True, readonly=True
    )
    state = fields.Selection([("fitted", "Fitted"), ("failed", "Did not converge")], required=True, readonly=True)
    message = fields.Text(readonly=True)
    customer_count = fields.Integer(readonly=True)
    repeat_customer_count = fields.Integer(readonly=True)
    bgnbd_r = fields.Float("BG/NBD r", digits=(16, 6), readonly=True)
    bgnbd_alpha = fields.Float("BG/NBD alpha", digits=(16, 6), readonly=True)
    bgnbd_a = fields.Float("BG/NBD a", digits=(16, 6), readonly=True)
    bgnbd_b = fields.Float("BG/NBD b", digits=(16, 6), readonly=True)
    gg_p = fields.Float("Gamma-Gamma p", digits=(16, 6), readonly=True)
    gg_q = fields.Float("Gamma-Gamma q", digits=(16, 6), readonly=True)
    gg_gamma = fields.Float("Gamma-Gamma gamma", digits=(16, 6), readonly=True)
    log_likelihood = fields.Float("BG/NBD log-likelihood", digits=(16, 2), readonly=True)
    # What the model says, per customer on average, and how well it fits.
    horizon_months = fields.Integer("Horizon (months)", readonly=True)
    mean_p_alive = fields.Float(
        "Probability alive (average)", digits=(16, 3), readonly=True, groups=VALUE_MANAGER,
        help="The average over the customers of the probability that they still buy.",
    )
    mean_expected_purchases = fields.Float(
        "Expected purchases per customer (horizon)", digits=(16, 2), readonly=True, groups=VALUE_MANAGER,
    )
    mean_value = fields.Float("CLV per customer (average)", digits=(16, 2), readonly=True, groups=VALUE_MANAGER)
    # [[repeat purchases, customers, customers the model expects], ...], the last row "or more".
    fit_table = fields.Json(readonly=True)
    fit_table_html = fields.Html("Fit", compute="_compute_fit_table_html", sanitize=True)

    @api.depends("as_of_date", "state")
    def _compute_name(self):
        for model in self:
            model.name = self.env._("CLV model as of %(date)s", date=model.as_of_date)

    @api.model
    def _fit_for_company(self, company, as_of=None):
        """Fit on the company's purchase history up to ``as_of``, then score.

        A failed fit is recorded with its reason; the previous model stays
        current and the partners keep their values.
        """
        as_of = fields.Date.to_date(as_of) or fields.Date.context_today(self)
        unit = company.clv_time_unit
        partner_ids, summary = self._purchase_summary(company, as_of, TIME_UNIT_DAYS[unit])
        values = {
            "company_id": company.id, "as_of_date": as_of, "time_unit": unit,
            "customer_count": len(partner_ids), "repeat_customer_count": int((summary.x > 0).sum()),
        }
        try:
            # The whole history is fitted: an old sale in a currency without
            # rate (counted 1:1 by Odoo) would skew the model as much as a new one.
            self.env["crm.purchase.facts"]._check_currency_rates(company, "invoice", date.min, as_of)
        except UserError as error:
            return self.sudo().create({
                **values, "state": "failed",
                "message": self.env._("%(reason)s The previous model is kept.", reason=error.args[0]),
            })
        sample = clv.fitting_sample(summary, FIT_SAMPLE_SIZE, seed=company.id)
        try:
            (r, alpha, a, b), log_likelihood = clv.fit_bgnbd(sample)
            (p, q, gamma), _gg_log_likelihood = clv.fit_gamma_gamma(sample)
        except clv.FitError as error:
            _logger.info("CLV fit of %s as of %s failed: %s", company.name, as_of, error)
            return self.sudo().create({
                **values, "state": "failed",
                "message": self.env._("The model could not be fitted: %(reason)s. The previous model is kept.",
                                      reason=error),
            })
        model = self.sudo().create({
            **values, "state": "fitted", "log_likelihood": log_likelihood,
            "bgnbd_r": r, "bgnbd_alpha": alpha, "bgnbd_a": a, "bgnbd_b": b,
            "gg_p": p, "gg_q": q, "gg_gamma": gamma, "horizon_months": company.clv_horizon_months,
            # Over every customer, not the fitting sample: what the model says of the whole history.
            "fit_table": [list(row) for row in clv.fit_table((r, alpha, a, b), summary)],
        })
        model._score_partners(partner_ids, summary)
        company.sudo().clv_current_model_id = model
        self.env["res.partner"].invalidate_model(list(CLV_RESULTS.columns))
        return model

    @api.depends("fit_table")
    def _compute_fit_table_html(self):
        for model in self:
            rows = model.fit_table or []
            if not rows:
                model.fit_table_html = False
                continue
            last = rows[-1][0]
            lines = "".join(
                markupsafe.Markup("<tr><td>{}</td><td class='text-end'>{}</td><td class='text-end'>{}</td></tr>")
                .format(f"{x}+" if x == last else x, formatLang(self.env, actual, digits=0),
                        formatLang(self.env, expected, digits=1))
                for x, actual, expected in rows
            )
            model.fit_table_html = markupsafe.Markup(
                "<table class='table table-sm o_clv_fit_table'><thead><tr><th>{}</th><th class='text-end'>{}</th>"
                "<th class='text-end'>{}</th></tr></thead><tbody>{}</tbody></table>"
            ).format(self.env._("Repeat purchases"), self.env._("Customers"), self.env._("Model"),
                     markupsafe.Markup(lines))

    def _scores_sql(self):
        """The customer scores of this model, for other addons' reports (the
        scorecard): rows (partner_id, value, p_alive, expected_purchases)."""
        return SQL(
            "SELECT partner_id, value, p_alive, expected_purchases FROM crm_clv_score WHERE model_id = %s",
            self.id or None,
        )

    @api.model
    def _prune_scores(self, company):
        """Delete the customer scores of the company's models but the current
        one: no screen reads them, and each fit adds a row per customer.
        Returns how many were deleted."""
        return self.env["crm.clv.score"]._delete_rows(SQL(
            "model_id IN (SELECT id FROM crm_clv_model WHERE company_id = %s AND id IS DISTINCT FROM %s)",
            company.id, company.clv_current_model_id.id or None,
        ))

    def unlink(self):
        # Its scores go with it (crm.run.rows.mixin: no foreign key cascades).
        self.env["crm.clv.score"]._delete_rows(SQL("model_id = ANY(%s)", self.ids))
        return super().unlink()

    @api.model
    def _purchase_summary(self, company, as_of, days_per_unit):
        """x, t_x, T and mean repeat value per customer, from posted invoices.

        Invoices of the same customer on the same day count as one purchase.
        """
        self.env.cr.execute(self._purchase_summary_sql(company, as_of, days_per_unit))
        rows = self.env.cr.fetchall()
        columns = np.array([row[1:] for row in rows], dtype=float).reshape(-1, 4)
        summary = clv.CustomerSummary(columns[:, 0], columns[:, 1], columns[:, 2], columns[:, 3])
        return [row[0] for row in rows], summary

    @api.model
    def _purchase_summary_sql(self, company, as_of, days_per_unit):
        """Rows (partner_id, x, t_x, T, mean repeat value) of ``_purchase_summary``, by partner."""
        return SQL(
            """
            WITH days AS (
                SELECT commercial_partner_id AS partner_id, invoice_date AS day,
                       sum(amount_untaxed_signed) AS amount
                  FROM account_move
                 WHERE company_id = %(company)s AND state = 'posted' AND move_type = 'out_invoice'
                   AND invoice_date <= %(as_of)s
                 GROUP BY commercial_partner_id, invoice_date
            ), firsts AS (
                SELECT partner_id, day, amount, min(day) OVER (PARTITION BY partner_id) AS first_day FROM days
            )
            SELECT partner_id, count(*) - 1 AS x, (max(day) - min(day)) / %(unit)s AS t_x,
                   (%(as_of)s - min(day)) / %(unit)s AS age,
                   COALESCE(avg(amount) FILTER (WHERE day > first_day), 0) AS mean_repeat_value
              FROM firsts
             GROUP BY partner_id
             ORDER BY partner_id
            """,
            company=company.id, as_of=as_of, unit=days_per_unit,
        )

    def _rhythms(self, summary):
        """What P(alive) is read from, in days, per customer: the usual gap
        between purchases (NaN without repeat purchases) and the time since
        the last purchase."""
        unit_days = TIME_UNIT_DAYS[self.time_unit]
        with np.errstate(divide="ignore", invalid="ignore"):
            usual_gap = np.where(summary.x > 0, np.round(summary.t_x * unit_days / summary.x, 1), np.nan)
        return usual_gap, np.round((summary.T - summary.t_x) * unit_days).astype(int)

    def _fill_rhythms(self):
        """Store the rhythms of the scores of a model fitted before they were (18.0.1.6.0)."""
        self.ensure_one()
        partner_ids, summary = self._purchase_summary(self.company_id, self.as_of_date, TIME_UNIT_DAYS[self.time_unit])
        usual_gap, since_last = self._rhythms(summary)
        cr = self.env.cr
        cr.execute("CREATE TEMP TABLE crm_clv_rhythm (partner_id int, x int, gap float, days int) ON COMMIT DROP")
        cr.copy_from(io.StringIO("".join(
            f"{partner_id}\t{int(x)}\t{copy_text(gap)}\t{days}\n"
            for partner_id, x, gap, days in zip(partner_ids, summary.x.tolist(), usual_gap.tolist(),
                                                since_last.tolist(), strict=True)
        )), "crm_clv_rhythm")
        cr.execute(SQL(
            """UPDATE crm_clv_score score
                  SET repeat_purchases = rhythm.x, usual_gap_days = rhythm.gap, days_since_last = rhythm.days
                 FROM crm_clv_rhythm rhythm
                WHERE score.model_id = %s AND score.partner_id = rhythm.partner_id""",
            self.id,
        ))
        cr.execute("DROP TABLE crm_clv_rhythm")
        self.env["crm.clv.score"].invalidate_model()

    def _score_partners(self, partner_ids, summary):
        self.ensure_one()
        company = self.company_id
        bgnbd = (self.bgnbd_r, self.bgnbd_alpha, self.bgnbd_a, self.bgnbd_b)
        gg = (self.gg_p, self.gg_q, self.gg_gamma)
        units_per_month = (365.25 / 12.0) / TIME_UNIT_DAYS[self.time_unit]
        horizon = company.clv_horizon_months * units_per_month
        p_alive = clv.probability_alive(bgnbd, summary.x, summary.t_x, summary.T)
        purchases = clv.expected_purchases(bgnbd, horizon, summary.x, summary.t_x, summary.T)
        value = clv.customer_lifetime_value(
            bgnbd, gg, summary, company.clv_horizon_months, company.clv_discount_rate / 100.0,
            margin=company.clv_margin / 100.0, units_per_month=units_per_month,
        )
        scores = {"p_alive": p_alive, "purchases": purchases, "value": value}
        usual_gap, since_last = self._rhythms(summary)
        # COPY, as a million values are parsed as arrays in a query several
        # times slower. The partners read these rows once the model is current.
        columns = [np.round(scores[column], decimals) for column, decimals in CLV_DECIMALS.items()]
        rows = io.StringIO("".join(
            f"{self.id}\t{partner_id}\t{p_alive!r}\t{purchases!r}\t{value!r}\t{int(x)}\t{copy_text(gap)}\t{days}\n"
            for partner_id, p_alive, purchases, value, x, gap, days in zip(
                partner_ids, *map(np.ndarray.tolist, columns), summary.x.tolist(), usual_gap.tolist(),
                since_last.tolist(), strict=True)
        ))
        self.env.cr.copy_from(rows, "crm_clv_score", columns=[
            "model_id", "partner_id", "p_alive", "expected_purchases", "value", "repeat_purchases",
            "usual_gap_days", "days_since_last",
        ])
        self.write({
            "mean_p_alive": float(p_alive.mean()) if len(p_alive) else 0.0,
            "mean_expected_purchases": float(purchases.mean()) if len(purchases) else 0.0,
            "mean_value": float(value.mean()) if len(value) else 0.0,
        })
        self.env["crm.clv.score"].invalidate_model()
