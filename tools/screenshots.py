"""Screenshots of the four addons for docs/GUIDE.md, taken from a running Odoo.

    python3 tools/screenshots.py [--url http://localhost:8070] [--out docs/img] [--only NAME ...]

Needs `pip install playwright` and a system Chromium (no `playwright install`:
the browser comes from the distribution). The database should hold computed
results (run the crons first), else Odoo shows its sample data instead.
"""

import argparse
import json
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

# Backend pages: (file, action xml id, selector that proves the view rendered).
# /odoo/action-<xml id> opens the same action as its menu (see views/*_menus.xml).
BACKEND = [
    ("value_pyramid.png", "crm_value_pyramid.crm_value_line_pyramid_action", ".o_graph_renderer canvas"),
    ("whale_curve.png", "crm_value_pyramid.crm_value_line_whale_action", ".o_graph_renderer canvas"),
    ("rfm_grid.png", "crm_rfm.crm_rfm_snapshot_grid_action", ".o_pivot table"),
    ("scorecard_dashboard.png", "crm_scorecard.crm_scorecard_dashboard_action", ".o_crm_scorecard .o_scorecard_card"),
    ("satisfaction_analysis.png", "crm_satisfaction_survey.crm_satisfaction_report_action", ".o_graph_renderer canvas"),
    ("value_runs.png", "crm_value_pyramid.crm_value_run_action", ".o_list_view .o_data_row"),
]
# Pages reached through a dialog or a record: (file, action xml id, what to click, selector of the result).
THROUGH = [
    # Measure again: the current run against the latest baseline, the wizard's defaults.
    ("pyramid_migration_baseline.png", "crm_value_pyramid.crm_value_compare_action",
     ".modal button[name=action_compare]", ".o_pivot table"),
    # The current CLV model: what it predicts and how well it fits.
    ("clv_model.png", "crm_rfm.crm_clv_model_action", ".o_list_view .o_data_row:first-child .o_data_cell",
     ".o_form_view .o_clv_fit_table"),
]


def new_page(browser):
    """A page in its own context (own cookies) that counts its pending fetch/XHR calls.

    Playwright's "networkidle" never comes in Odoo: the bus's SharedWorker
    script stays pending forever. Idle here means no call of the page itself.
    """
    page = browser.new_context(viewport={"width": 1400, "height": 900}).new_page()
    page.pending = set()

    def started(request):
        if request.resource_type in ("document", "fetch", "xhr"):
            page.pending.add(request)

    page.on("request", started)
    page.on("requestfinished", lambda request: page.pending.discard(request))
    page.on("requestfailed", lambda request: page.pending.discard(request))
    return page


def network_idle(page, quiet_ms=500, timeout_ms=30000):
    quiet = 0
    for _ in range(timeout_ms // 100):
        quiet = 0 if page.pending else quiet + 100
        if quiet >= quiet_ms:
            return
        page.wait_for_timeout(100)
    sys.exit(f"{page.url}: still loading after {timeout_ms // 1000} s")


def settle(page, selector):
    """Wait until the view is drawn: network idle, the selector, then the chart animation."""
    network_idle(page)
    page.wait_for_selector(selector, state="visible", timeout=30000)
    network_idle(page)
    page.wait_for_timeout(1200)  # Chart.js animates for about a second
    # A view with sample="1" shows fake data when the real one is empty: never document that.
    if page.locator(".o_view_sample_data").count():
        sys.exit(f"{page.url}: sample data shown, compute the results first")


def show_whole_scorecard(page):
    """Last closed period rather than the month just begun, and every perspective.

    The dashboard scrolls inside its own pane, so a full-page screenshot would
    still cut it: the viewport grows to the pane's content instead.
    """
    periods = page.locator(".o_scorecard_period option").evaluate_all("options => options.map(o => o.value)")
    if len(periods) > 1:  # newest first: [1] is the last closed period
        page.select_option(".o_scorecard_period", periods[1])
        settle(page, ".o_scorecard_card")
    height = page.locator(".o_crm_scorecard").evaluate("pane => pane.scrollHeight + pane.getBoundingClientRect().top")
    page.set_viewport_size({"width": 1400, "height": min(int(height) + 10, 2400)})
    page.wait_for_timeout(300)


def login(page, url, user, password):
    page.goto(f"{url}/web/login")
    page.fill("input[name=login]", user)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    # users land on /odoo, portal users on /my: anything but the login page again
    page.wait_for_url(lambda address: "/web/login" not in address)


def call_kw(page, url, model, method, *args, **kwargs):
    """JSON-RPC with the browser's session: finds an invitation token to open."""
    payload = {"jsonrpc": "2.0", "method": "call",
               "params": {"model": model, "method": method, "args": list(args), "kwargs": kwargs}}
    response = page.request.post(f"{url}/web/dataset/call_kw", data=json.dumps(payload),
                                 headers={"Content-Type": "application/json"})
    return response.json()["result"]


def shoot(page, out, name):
    page.screenshot(path=str(out / name))
    print(f"{name}: {(out / name).stat().st_size // 1024} KB")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default="http://localhost:8070")
    parser.add_argument("--out", default="docs/img", type=Path)
    parser.add_argument("--login", default="admin")
    parser.add_argument("--password", default="admin")
    # Odoo's demo portal user; his partner needs satisfaction invitations.
    parser.add_argument("--portal-login", default="portal")
    parser.add_argument("--portal-password", default="portal")
    parser.add_argument("--only", nargs="*", help="take only these files (e.g. value_pyramid.png)")
    args = parser.parse_args()
    url = args.url.rstrip("/")
    args.out.mkdir(parents=True, exist_ok=True)

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", headless=True)
        page = new_page(browser)
        login(page, url, args.login, args.password)
        wanted = set(args.only or [])
        for name, action, selector in BACKEND:
            if wanted and name not in wanted:
                continue
            page.goto(f"{url}/odoo/action-{action}")
            settle(page, selector)
            if name == "scorecard_dashboard.png":
                show_whole_scorecard(page)
            shoot(page, args.out, name)
            page.set_viewport_size({"width": 1400, "height": 900})
        for name, action, click, selector in THROUGH:
            if wanted and name not in wanted:
                continue
            page.goto(f"{url}/odoo/action-{action}")
            settle(page, click)
            page.click(click)
            settle(page, selector)
            shoot(page, args.out, name)
        if wanted and not wanted & {"portal_my_surveys.png", "survey_public.png"}:
            browser.close()
            return

        # The portal's "My surveys" page, as the customer logged in.
        portal = new_page(browser)
        login(portal, url, args.portal_login, args.portal_password)
        portal.goto(f"{url}/my/surveys")
        settle(portal, ".o_portal_wrap")
        shoot(portal, args.out, "portal_my_surveys.png")

        # Public survey page as the customer sees it from his e-mail: a fresh
        # context, so no session; the URL is the invitation's start link (see
        # survey.user_input._satisfaction_start_path). Starting the survey
        # marks that invitation as in progress, as the customer's click would.
        invitations = call_kw(page, url, "survey.user_input", "search_read",
                              [("satisfaction_campaign_id", "!=", False), ("state", "=", "new")],
                              ["access_token", "survey_id"], limit=1, order="id desc")
        if invitations:
            invitation = invitations[0]
            survey = call_kw(page, url, "survey.survey", "read", [invitation["survey_id"][0]], ["access_token"])[0]
            public = new_page(browser)
            public.goto(f"{url}/survey/start/{survey['access_token']}?answer_token={invitation['access_token']}")
            settle(public, ".o_survey_start button[type=submit]:not(.disabled)")
            public.click(".o_survey_start button[type=submit]")
            settle(public, "[data-question-type=scale]")
            shoot(public, args.out, "survey_public.png")
        else:
            print("survey_public.png: skipped, no open invitation (send a satisfaction campaign)")
        browser.close()


if __name__ == "__main__":
    main()
