#!/usr/bin/env bash
# The test command (`make test`): lint, then a fresh database with the four
# addons, every test through pytest-odoo against the real Odoo 18 and
# PostgreSQL (browser tours in headless Chromium included), then an uninstall.
#
# It fails on a failed or skipped test and on any WARNING, ERROR or CRITICAL
# line in the Odoo log: Odoo only *warns* when it skips a browser tour.
set -euo pipefail
source "$(dirname "$0")/common.sh"
cd "$REPO_ROOT"

if ! odoo_importable; then
    if docker_available; then
        echo "Odoo is not importable here: running the tests in docker compose."
        exec docker compose run --rm --build odoo-test
    fi
    no_odoo_message
    exit 2
fi

bash tools/lint.sh
# The Apps page of each addon is what its readme fragments say.
python3 tools/gen_addon_descriptions.py --check

DB=${TEST_DB:-cv_test_$$_$(date +%s)}
LOG_DIR=${TEST_LOG_DIR:-$(mktemp -d)}
INSTALL_LOG="$LOG_DIR/install.log"
ODOO_LOG="$LOG_DIR/odoo-tests.log"
UNINSTALL_LOG="$LOG_DIR/uninstall.log"
INVENTORY_LOG="$LOG_DIR/inventory-tests.log"
# The tests of crm_value_pyramid_stock, which comes with the Inventory app that
# the main run's database does not have.
INVENTORY_TESTS=crm_value_pyramid_stock
ADDONS_PATH=$(odoo_addons_path)
cleanup() {
    dropdb --if-exists "$DB" >/dev/null 2>&1 || true
    dropdb --if-exists "${DB}_lifecycle" >/dev/null 2>&1 || true
}
trap cleanup EXIT

# Lines of an Odoo log that make the run fail. The log has no false alarms to
# filter out: a warning in our tests is a bug or a skipped tour.
# A section title with the time spent so far: where the minutes go.
section() {
    echo "== [$((SECONDS / 60)) min $((SECONDS % 60)) s] $*"
}

log_problems() {
    grep -E '^[0-9-]+ [0-9:,]+ [0-9]+ (WARNING|ERROR|CRITICAL) ' "$1" || true
}

section "install the addons in a fresh database ($DB)"
createdb "$DB"
start=$(date +%s)
odoo_bin -d "$DB" --addons-path="$ADDONS_PATH" -i "$ADDONS" --without-demo=all \
    --stop-after-init --log-level=info --logfile="$INSTALL_LOG"
echo "installed in $(( $(date +%s) - start )) s"

section "tests"
# Odoo gives the browser 10 s to open its debugging port. Its first start on a
# fresh machine (font cache, profile) once took longer, and the first tour was
# skipped: that start is paid here, before the tests.
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [ -n "$browser" ]; then
    timeout 60 "$browser" --headless --no-sandbox --disable-gpu --dump-dom about:blank >/dev/null 2>&1 || true
fi
set +e
python3 -m pytest -p no:cacheprovider -rfEs --durations=20 \
    --odoo-database="$DB" --odoo-addons-path="$ADDONS_PATH" --odoo-http \
    --odoo-log-level=info --odoo-extra "logfile=$ODOO_LOG" --ignore="$INVENTORY_TESTS" \
    crm_customer_value_base crm_rfm crm_value_pyramid crm_satisfaction_survey crm_satisfaction_rfm \
    crm_satisfaction_value_pyramid crm_scorecard 2>&1 | tee "$LOG_DIR/pytest.out"
pytest_status=${PIPESTATUS[0]}
set -e

section "crash safety: each recompute killed while publishing its results"
set +e
python3 tools/check_crash_safety.py "$DB" --addons-path="$ADDONS_PATH" --log-level=warn --logfile="$LOG_DIR/crash.log"
crash_status=$?
section "concurrency: users save the company while the crons publish their runs on it"
# Not in the log check below: Odoo logs each retried save as an ERROR.
python3 tools/check_concurrent_edits.py "$DB" --addons-path="$ADDONS_PATH" --log-level=warn \
    --logfile="$LOG_DIR/concurrent_edits.log"
concurrency_status=$?
set -e

section "lifecycle: install on years of data, first results from the crons"
set +e
python3 tools/check_lifecycle.py "${DB}_lifecycle" --log-level=warn --logfile="$LOG_DIR/lifecycle.log"
lifecycle_status=$?
set -e

section "Inventory installed: the deliveries cost driver"
# Last on this database: with Inventory, confirming a sale order plans a
# delivery, which the tests above do not expect.
touch "$LOG_DIR/pytest-inventory.out"
set +e
odoo_bin -d "$DB" --addons-path="$ADDONS_PATH" -i stock --without-demo=all --stop-after-init --log-level=warn \
    --logfile="$INVENTORY_LOG" &&
python3 -m pytest -p no:cacheprovider -rfEs \
    --odoo-database="$DB" --odoo-addons-path="$ADDONS_PATH" \
    --odoo-log-level=info --odoo-extra "logfile=$INVENTORY_LOG" \
    "$INVENTORY_TESTS" 2>&1 | tee "$LOG_DIR/pytest-inventory.out"
inventory_status=${PIPESTATUS[0]}
set -e
inventory_summary=$(grep -E '^=+ .*(passed|failed|error|skipped|no tests ran).* =+$' "$LOG_DIR/pytest-inventory.out" | tail -n 1)

section "uninstall the addons"
python3 tools/check_uninstall.py "$DB" --addons-path="$ADDONS_PATH" --logfile="$UNINSTALL_LOG"

status=0
summary=$(grep -E '^=+ .*(passed|failed|error|skipped|no tests ran).* =+$' "$LOG_DIR/pytest.out" | tail -n 1)
if [ "$pytest_status" -ne 0 ]; then
    echo "FAIL: pytest exited with $pytest_status"; status=1
fi
if [ "$crash_status" -ne 0 ]; then
    echo "FAIL: a recompute killed in the middle changed the results users see"; status=1
fi
if [ "$concurrency_status" -ne 0 ]; then
    echo "FAIL: a user's save or a recompute failed when both wrote the company"; status=1
fi
if [ "$lifecycle_status" -ne 0 ]; then
    echo "FAIL: installing computed results, or the crons did not compute the first ones"; status=1
fi
if [ "$inventory_status" -ne 0 ]; then
    echo "FAIL: the tests with Inventory installed exited with $inventory_status"; status=1
fi
if echo "$summary $inventory_summary" | grep -q "skipped"; then
    echo "FAIL: skipped tests count as failures here"; status=1
fi
for log in "$INSTALL_LOG" "$ODOO_LOG" "$INVENTORY_LOG" "$LOG_DIR/crash.log" "$LOG_DIR/lifecycle.log" "$UNINSTALL_LOG"; do
    problems=$(log_problems "$log")
    if [ -n "$problems" ]; then
        echo "FAIL: warnings or errors in $(basename "$log"):"; echo "$problems" | head -n 40; status=1
    fi
done
echo "Odoo logs: $LOG_DIR"
section "done"
echo "$summary"
echo "with Inventory: $inventory_summary"
exit "$status"
