#!/usr/bin/env bash
# Entry point of the `odoo` compose service: create the demo database on the
# first start (four addons, demo data, generated customers), then serve it.
set -euo pipefail
cd /mnt/customer-value
export PGHOST=db PGUSER=odoo PGPASSWORD=odoo
DB=${DEMO_DB:-customer_value_demo}
DB_ARGS=(--db_host=db --db_user=odoo --db_password=odoo)
ADDONS_PATH=/mnt/customer-value

until pg_isready -q; do echo "waiting for PostgreSQL..."; sleep 1; done
if ! psql -d postgres -lqt | cut -d'|' -f1 | grep -qw "$DB"; then
    createdb "$DB"
    odoo "${DB_ARGS[@]}" -d "$DB" --addons-path="$ADDONS_PATH" \
        -i crm_customer_value_base,crm_rfm,crm_value_pyramid,crm_satisfaction_survey,crm_scorecard --stop-after-init
    python3 -m datagen -d "$DB" --customers "${DEMO_CUSTOMERS:-2000}" --demo -- "${DB_ARGS[@]}"
fi
exec odoo "${DB_ARGS[@]}" -d "$DB" --addons-path="$ADDONS_PATH" --db-filter="^$DB\$"
