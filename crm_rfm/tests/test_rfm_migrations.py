"""The upgrade scripts run on a database shaped like the older versions and
keep the history: what each dropped is gone, the snapshots and the partners'
values are intact. (DDL is transactional in PostgreSQL: the test's rollback
restores the schema.)"""

import importlib.util
from pathlib import Path

from odoo.tests import tagged

from .common import AS_OF, RfmCase

MIGRATIONS = Path(__file__).parent.parent / "migrations"


def load_migration(version, name="post-migrate"):
    path = MIGRATIONS / version / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"crm_rfm_migration_{version.replace('.', '_')}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@tagged("post_install", "-at_install")
class TestRfmMigrations(RfmCase):
    def columns(self, table):
        self.env.cr.execute("SELECT column_name FROM information_schema.columns WHERE table_name = %s", [table])
        return {row[0] for row in self.env.cr.fetchall()}

    def indexes(self, table):
        self.env.cr.execute("SELECT indexname FROM pg_indexes WHERE tablename = %s", [table])
        return {row[0] for row in self.env.cr.fetchall()}

    def test_upgrade_from_18_0_1_0_0_keeps_the_history(self):
        customers = [self.customer(f"Buyer {index}") for index in range(3)]
        for index, partner in enumerate(customers):
            self.invoice(partner, f"2026-05-0{index + 1}", 100 * (index + 1))
        run = self.company._rfm_recompute(as_of=AS_OF)
        self.env.flush_all()
        snapshots_before = sorted(run.snapshot_ids.mapped(lambda s: (s.partner_id.id, s.rfm_score, s.segment_id.id)))
        partners_before = [(p.rfm_score, p.rfm_segment_id.id, p.rfm_monetary) for p in customers]

        # A CLV model current before 18.0.1.4.0: its predictions were only
        # on the partners.
        model = self.env["crm.clv.model"].sudo().create({
            "company_id": self.company.id, "as_of_date": AS_OF, "time_unit": "week", "state": "fitted",
        })
        self.company.sudo().clv_current_model_id = model
        self.env.flush_all()

        # The 18.0.1.0.0 schema: stored recency on the partner, the RFM and
        # CLV values copied on the partners in indexed company-dependent
        # columns, an access-logged and more indexed snapshot.
        cr = self.env.cr
        key = str(self.company.id)
        cr.execute("ALTER TABLE res_partner ADD COLUMN rfm_recency_days jsonb")
        for column in ("rfm_score", "rfm_segment_id", "rfm_monetary", "clv_p_alive", "clv_expected_purchases",
                       "clv_value"):
            cr.execute(f"ALTER TABLE res_partner ADD COLUMN IF NOT EXISTS {column} jsonb")  # noqa: S608
        for index, partner in enumerate(customers):
            cr.execute(
                "UPDATE res_partner SET rfm_score = jsonb_build_object(%(key)s, '111'),"
                " clv_p_alive = jsonb_build_object(%(key)s, 0.5), clv_expected_purchases = jsonb_build_object("
                "%(key)s, %(purchases)s), clv_value = jsonb_build_object(%(key)s, %(value)s) WHERE id = %(id)s",
                {"key": key, "purchases": 1.25 * index, "value": 100.0 * index, "id": partner.id},
            )
        cr.execute("CREATE INDEX res_partner__rfm_score_index ON res_partner ((rfm_score IS NOT NULL))"
                   " WHERE rfm_score IS NOT NULL")
        cr.execute("CREATE INDEX res_partner__clv_value_index ON res_partner ((clv_value IS NOT NULL))"
                   " WHERE clv_value IS NOT NULL")
        cr.execute("CREATE INDEX IF NOT EXISTS crm_rfm_snapshot__run_id_index ON crm_rfm_snapshot (run_id)")
        cr.execute("CREATE INDEX crm_rfm_snapshot__segment_id_index ON crm_rfm_snapshot (segment_id)")
        cr.execute("CREATE INDEX crm_rfm_snapshot__as_of_date_index ON crm_rfm_snapshot (as_of_date)")
        cr.execute("ALTER TABLE crm_rfm_snapshot ADD COLUMN create_uid int REFERENCES res_users(id),"
                   " ADD COLUMN write_date timestamp")
        cr.execute("ALTER TABLE crm_rfm_snapshot ADD CONSTRAINT crm_rfm_snapshot_partner_id_fkey"
                   " FOREIGN KEY (partner_id) REFERENCES res_partner(id) ON DELETE CASCADE")

        load_migration("18.0.1.1.0").migrate(cr, "18.0.1.0.0")
        load_migration("18.0.1.2.0").migrate(cr, "18.0.1.1.0")
        load_migration("18.0.1.4.0").migrate(cr, "18.0.1.3.0")

        self.assertFalse({"rfm_recency_days", "rfm_score", "rfm_segment_id", "clv_value"}
                         & self.columns("res_partner"))
        self.assertFalse({"res_partner__rfm_score_index", "res_partner__clv_value_index"}
                         & self.indexes("res_partner"))
        cr.execute("SELECT count(*) FROM pg_constraint WHERE conrelid = 'crm_rfm_snapshot'::regclass"
                   " AND contype = 'f'")
        self.assertEqual(cr.fetchone()[0], 0, "run rows have no foreign key")
        self.assertEqual(
            self.indexes("crm_rfm_snapshot"),
            {"crm_rfm_snapshot_pkey", "crm_rfm_snapshot_run_partner_index", "crm_rfm_snapshot__partner_id_index"},
        )
        self.assertFalse({"create_uid", "write_date"} & self.columns("crm_rfm_snapshot"))

        self.env.invalidate_all()
        self.assertEqual(
            sorted(run.snapshot_ids.mapped(lambda s: (s.partner_id.id, s.rfm_score, s.segment_id.id))),
            snapshots_before,
        )
        self.assertEqual([(p.rfm_score, p.rfm_segment_id.id, p.rfm_monetary) for p in customers], partners_before)
        self.assertEqual(customers[0].rfm_recency_days, (AS_OF - customers[0].rfm_last_purchase_date).days)
        # The CLV predictions moved to the current model's scores.
        self.assertEqual([(p.clv_p_alive, p.clv_expected_purchases, p.clv_value) for p in customers],
                         [(0.5, 0.0, 0.0), (0.5, 1.25, 100.0), (0.5, 2.5, 200.0)])
        self.assertEqual(len(self.env["crm.clv.score"].search([("model_id", "=", model.id)])), 3)

    def test_run_of_18_0_1_2_0_without_segment_summary_still_sizes_its_segments(self):
        customers = [self.customer(f"Sized {index}") for index in range(4)]
        for index, partner in enumerate(customers):
            self.invoice(partner, f"2026-05-0{index + 1}", 100 * (index + 1))
        run = self.company._rfm_recompute(as_of=AS_OF)
        segments = self.env["crm.rfm.segment"].search([])
        with_summary = run._segment_sizes()
        shown = {segment.id: (segment.customer_count, segment.revenue_share) for segment in segments}
        self.assertEqual(sum(count for count, _monetary in with_summary.values()), run.scored_count)
        # Runs made before 18.0.1.3.0 have no summary: sized from their snapshots, same figures.
        self.env.flush_all()
        self.env.cr.execute("UPDATE crm_rfm_run SET segment_summary = NULL WHERE id = %s", [run.id])
        self.env.invalidate_all()
        self.assertFalse(run.segment_summary)
        self.assertEqual(run._segment_sizes(), with_summary)
        self.assertEqual({segment.id: (segment.customer_count, segment.revenue_share) for segment in segments}, shown)

    def test_upgrade_to_18_0_1_5_0_keeps_the_purchase_source(self):
        """RFM's "purchases from" became the company's Purchases setting (crm_customer_value_base)."""
        # As 18.0.1.4.0 left it: the source in RFM's own column (Odoo keeps a dropped field's column
        # until the upgrade ends).
        self.env.cr.execute("ALTER TABLE res_company ADD COLUMN IF NOT EXISTS rfm_purchase_source varchar")
        self.env.cr.execute("UPDATE res_company SET rfm_purchase_source = 'order' WHERE id = %s", [self.company.id])
        self.assertEqual(self.company.customer_purchase_source, "invoice")
        load_migration("18.0.1.5.0").migrate(self.env.cr, "18.0.1.4.0")
        self.company.invalidate_recordset()
        self.assertEqual(self.company.customer_purchase_source, "order")
