# Shared by the run and test commands: where Odoo is and how to start it.
# shellcheck shell=bash

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ADDONS="crm_customer_value_base,crm_rfm,crm_value_pyramid,crm_satisfaction_survey,crm_satisfaction_rfm,crm_satisfaction_value_pyramid,crm_scorecard"

odoo_importable() {
    python3 -c "import odoo" >/dev/null 2>&1
}

docker_available() {
    command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1 && docker compose version >/dev/null 2>&1
}

no_odoo_message() {
    cat >&2 <<'MSG'
Odoo 18 is not available here.
Either make it importable (`python3 -c "import odoo"` must work: install the Odoo 18.0
Community source and its requirements.txt, then put the source folder on PYTHONPATH or in a
.pth file), or install Docker with the compose plugin so that the official odoo:18.0 image
can be used (see README.md).
MSG
}

# Our addons first, then the addons folder of a source checkout of Odoo (a
# packaged Odoo keeps them inside odoo/addons, which Odoo always adds itself).
odoo_addons_path() {
    python3 -c "import sys; sys.path.insert(0, '$REPO_ROOT'); from datagen.odoo_env import addons_path; print(addons_path())"
}

# odoo-bin without depending on where it is installed.
odoo_bin() {
    python3 -c 'import sys, odoo.cli; sys.argv[0] = "odoo"; sys.exit(odoo.cli.main())' "$@"
}
