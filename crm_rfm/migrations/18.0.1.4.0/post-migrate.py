"""18.0.1.4.0: the partners read their RFM and CLV values from the current
run and the current CLV model instead of holding a copy (tools/current_run.py).

- The CLV predictions of each company's current model move from the
  partners' company-dependent columns to crm.clv.score; the RFM values are
  already in the snapshots of the current runs.
- The eleven partner columns go: Odoo keeps the column of a field that is no
  longer stored.
- The snapshot's run index gives way to the (run, partner) index created by
  the model, and its foreign keys go (crm.run.rows.mixin).
- The previous segment of a snapshot is read from the previous run of its
  run: each run gets the company's run before it (by date), and the stored
  column goes.
"""

from odoo.tools import SQL
from odoo.tools.sql import column_exists

from odoo.addons.crm_customer_value_base.tools.schema import drop_foreign_keys

RFM_COLUMNS = [
    "rfm_last_purchase_date", "rfm_frequency", "rfm_monetary", "rfm_r_score", "rfm_f_score", "rfm_m_score",
    "rfm_score", "rfm_segment_id",
]
CLV_COLUMNS = {"clv_p_alive": "p_alive", "clv_expected_purchases": "expected_purchases", "clv_value": "value"}


def migrate(cr, version):
    if all(column_exists(cr, "res_partner", column) for column in CLV_COLUMNS):
        cr.execute(SQL(
            """
            INSERT INTO crm_clv_score (model_id, partner_id, p_alive, expected_purchases, value)
            SELECT company.clv_current_model_id, partner.id,
                   (partner.clv_p_alive ->> company.id::text)::float8,
                   (partner.clv_expected_purchases ->> company.id::text)::float8,
                   (partner.clv_value ->> company.id::text)::float8
              FROM res_company company
              JOIN res_partner partner ON partner.clv_value ? company.id::text
             WHERE company.clv_current_model_id IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM crm_clv_score score WHERE score.model_id = company.clv_current_model_id)
            """
        ))
    # crm_scorecard's satisfaction report read these columns; the addon
    # depends on this one, so it is updated next and recreates its view.
    cr.execute(SQL("DROP VIEW IF EXISTS crm_satisfaction_report"))
    for column in [*RFM_COLUMNS, *CLV_COLUMNS]:
        cr.execute(SQL("ALTER TABLE res_partner DROP COLUMN IF EXISTS %s", SQL.identifier(column)))
    cr.execute(SQL("DROP INDEX IF EXISTS crm_rfm_snapshot__run_id_index"))
    drop_foreign_keys(cr, "crm_rfm_snapshot")
    cr.execute(SQL(
        """
        UPDATE crm_rfm_run run SET previous_run_id = earlier.previous_id
          FROM (SELECT id, lag(id) OVER (PARTITION BY company_id ORDER BY as_of_date, id) AS previous_id
                  FROM crm_rfm_run) earlier
         WHERE earlier.id = run.id AND run.previous_run_id IS NULL AND earlier.previous_id IS NOT NULL
        """
    ))
    cr.execute(SQL("ALTER TABLE crm_rfm_snapshot DROP COLUMN IF EXISTS previous_segment_id"))
