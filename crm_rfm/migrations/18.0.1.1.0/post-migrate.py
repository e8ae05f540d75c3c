"""18.0.1.1.0: the partner's RFM recency is derived from the last purchase and
the date of the current run instead of being stored (see crm.rfm.run's
_refresh_partners); its column goes. The history keeps recency per snapshot."""

from odoo.tools import SQL


def migrate(cr, version):
    cr.execute(SQL("ALTER TABLE res_partner DROP COLUMN IF EXISTS rfm_recency_days"))
