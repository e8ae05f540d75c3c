"""18.0.1.2.0: a recompute writes fewer index entries and foreign-key checks.

- The company-dependent RFM and CLV fields of res.partner lost their
  "IS NOT NULL" indexes (index=False); Odoo keeps an index it no longer
  expects, so they are dropped here.
- crm.rfm.snapshot no longer logs access (its run says who and when) and
  keeps only the indexes its reads use (run, partner).
The history itself is untouched.
"""

from odoo.tools import SQL

PARTNER_FIELDS = [
    "rfm_last_purchase_date", "rfm_frequency", "rfm_monetary", "rfm_r_score", "rfm_f_score", "rfm_m_score",
    "rfm_score", "rfm_segment_id", "clv_p_alive", "clv_expected_purchases", "clv_value",
]


def migrate(cr, version):
    for field in PARTNER_FIELDS:
        cr.execute(SQL("DROP INDEX IF EXISTS %s", SQL.identifier(f"res_partner__{field}_index")))
    for field in ("company_id", "as_of_date", "segment_id"):
        cr.execute(SQL("DROP INDEX IF EXISTS %s", SQL.identifier(f"crm_rfm_snapshot__{field}_index")))
    for column in ("create_uid", "write_uid", "create_date", "write_date"):
        cr.execute(SQL("ALTER TABLE crm_rfm_snapshot DROP COLUMN IF EXISTS %s", SQL.identifier(column)))
