from odoo import models
from odoo.tools import SQL


class CrmValueRun(models.Model):
    _inherit = "crm.value.run"

    def _driver_source_delivery(self, activity_type=None):
        """Deliveries to the customer done in the period (not receipts:
        returns from the customer are incoming)."""
        return SQL(
            """
            SELECT p.commercial_partner_id AS partner_id, count(*) AS quantity
              FROM stock_picking sp
              JOIN stock_picking_type t ON t.id = sp.picking_type_id
              JOIN res_partner p ON p.id = sp.partner_id
             WHERE sp.company_id = %(company)s AND sp.state = 'done' AND t.code = 'outgoing'
               AND sp.date_done >= %(date_from)s AND sp.date_done < %(day_after)s
             GROUP BY p.commercial_partner_id
            """,
            **self._driver_source_params(),
        )
