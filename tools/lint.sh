#!/usr/bin/env bash
# Lint: ruff, pylint-odoo (mandatory checks, Odoo 18.0), hadolint over the
# Dockerfiles, and schema checks of the GitHub workflows and the compose file.
set -euo pipefail
cd "$(dirname "$0")/.."
ADDON_DIRS=(crm_customer_value_base crm_rfm crm_value_pyramid crm_value_pyramid_stock crm_satisfaction_survey crm_satisfaction_rfm crm_satisfaction_value_pyramid crm_scorecard)

echo "== ruff"
ruff check .
echo "== pylint-odoo"
pylint --rcfile=.pylintrc "${ADDON_DIRS[@]}"
echo "== workflows and compose file"
check-jsonschema --builtin-schema vendor.github-workflows .github/workflows/*.yml
check-jsonschema --builtin-schema vendor.compose-spec docker-compose.yml
echo "== Dockerfiles"
# DL3066 (use a numeric USER) ignored: `odoo` is the base image's user, whose
# uid its package's adduser picks; the name is the stable way to refer to it.
hadolint --ignore DL3066 docker/Dockerfile*
