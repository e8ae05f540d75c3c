from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.crm_customer_value_base.tools.access import VALUE_MANAGER


class CrmRfmSegment(models.Model):
    """A named RFM segment: a box of R and F (and optionally M) scores.

    A customer belongs to the first segment, by sequence, whose box holds its
    scores; the recompute refuses to run while some scores fall in no box.
    """

    _name = "crm.rfm.segment"
    _description = "RFM Segment"
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10, help="Precedence: the first matching segment wins.")
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", help="Leave empty to use the segment in every company."
    )
    color = fields.Integer()
    r_min = fields.Integer("Recency from", default=1, required=True)
    r_max = fields.Integer("Recency to", default=5, required=True)
    f_min = fields.Integer("Frequency from", default=1, required=True)
    f_max = fields.Integer("Frequency to", default=5, required=True)
    m_min = fields.Integer("Monetary from", default=1, required=True)
    m_max = fields.Integer("Monetary to", default=5, required=True)
    suggested_action = fields.Text(translate=True)
    customer_count = fields.Integer(compute="_compute_customer_stats")
    revenue_share = fields.Float(
        compute="_compute_revenue_share", digits=(16, 1), groups=VALUE_MANAGER,
        help="Share of the monetary value, in %."
    )

    @api.constrains("r_min", "r_max", "f_min", "f_max", "m_min", "m_max")
    def _check_ranges(self):
        for segment in self:
            for low, high, label in (
                (segment.r_min, segment.r_max, self.env._("Recency")),
                (segment.f_min, segment.f_max, self.env._("Frequency")),
                (segment.m_min, segment.m_max, self.env._("Monetary")),
            ):
                if low < 1 or high < low:
                    raise ValidationError(
                        self.env._(
                            "Segment %(segment)s: the %(score)s range must start at 1 or more and end at or "
                            "after its start (got %(low)s to %(high)s).",
                            segment=segment.name, score=label, low=low, high=high,
                        )
                    )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_in_history(self):
        # Snapshots keep their segment without a foreign key (crm.run.rows.mixin).
        # (A previous segment is the segment of a row of the previous run.)
        used = self.env["crm.rfm.snapshot"].sudo().search([("segment_id", "in", self.ids)], limit=1)
        if used:
            raise UserError(self.env._(
                "Segment %(segment)s is in the RFM history, so it cannot be deleted. Archive it instead: it will "
                "no longer be assigned, and the history keeps it.",
                segment=used.segment_id.name,
            ))

    def _current_segment_sizes(self):
        run = self.env.company.rfm_current_run_id
        return run._segment_sizes() if run else {}

    @api.depends_context("company")
    def _compute_customer_stats(self):
        sizes = self._current_segment_sizes()
        for segment in self:
            segment.customer_count = sizes.get(segment.id, (0, 0.0))[0]

    @api.depends_context("company")
    def _compute_revenue_share(self):
        # Odoo checks a field's groups when it reads a stored field, not when
        # it computes one (an export computes it): checked here.
        self.check_field_access_rights("read", ["revenue_share"])
        sizes = self._current_segment_sizes()
        total = sum(amount for _count, amount in sizes.values()) or 1.0
        for segment in self:
            segment.revenue_share = 100.0 * sizes.get(segment.id, (0, 0.0))[1] / total

    def action_open_customers(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_rfm.crm_rfm_partner_action")
        action["domain"] = [("rfm_segment_id", "=", self.id)]
        action["context"] = {}  # one segment: no grouping by segment
        action["display_name"] = self.name
        return action

    def action_export_customers_xlsx(self):
        """Download this segment's customers of the current company's run."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": f"/crm_rfm/segment/{self.id}/customers.xlsx?company_id={self.env.company.id}",
            "target": "download",
        }
