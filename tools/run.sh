#!/usr/bin/env bash
# Local alternative to `docker compose up`: a demo database with the four
# addons and generated data, served at http://localhost:8069 by the Odoo that
# python3 can import, on the local PostgreSQL.
set -euo pipefail
source "$(dirname "$0")/common.sh"

DB=${DEMO_DB:-customer_value_demo}
CUSTOMERS=${DEMO_CUSTOMERS:-2000}
PORT=${ODOO_PORT:-8069}

odoo_importable || { no_odoo_message; exit 2; }
ADDONS_PATH=$(odoo_addons_path)
if ! psql -lqt | cut -d'|' -f1 | grep -qw "$DB"; then
    echo "Creating demo database $DB with the addons..."
    createdb "$DB"
    odoo_bin -d "$DB" --addons-path="$ADDONS_PATH" -i "$ADDONS" --stop-after-init --log-level=warn
    echo "Generating $CUSTOMERS customers of demo data..."
    (cd "$REPO_ROOT" && python3 -m datagen -d "$DB" --customers "$CUSTOMERS" --demo -- --log-level=warn)
fi
echo "Odoo is starting on http://localhost:$PORT (login admin / admin)"
odoo_bin -d "$DB" --addons-path="$ADDONS_PATH" --http-port="$PORT" --db-filter="^$DB\$"
