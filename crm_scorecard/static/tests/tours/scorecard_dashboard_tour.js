/** @odoo-module **/
/**
 * A manager opens the customer scorecard from the CRM reporting menu, sees the
 * cards of the latest month and drills from the churned customers card to
 * the customer who was lost.
 */
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("crm_scorecard_dashboard_tour", {
    url: "/odoo/crm",
    steps: () => [
        {
            content: "Open the Reporting menu",
            trigger: ".o_main_navbar [data-menu-xmlid='crm.crm_menu_report']",
            run: "click",
        },
        {
            content: "Open the customer scorecard",
            trigger: "[data-menu-xmlid='crm_scorecard.crm_scorecard_menu_dashboard']",
            run: "click",
        },
        {
            content: "The latest month is shown",
            trigger: "select.o_scorecard_period:has(option[value='2026-02-01']:checked)",
        },
        {
            content: "The active customers card shows one customer",
            trigger: ".o_scorecard_card[data-code='active_customers'] .o_scorecard_actual:contains(1)",
        },
        {
            content: "Every perspective has its cards",
            trigger: "section[data-perspective='learning'] .o_scorecard_card",
        },
        {
            content: "Drill down from the churned customers",
            trigger: ".o_scorecard_card[data-code='churned_customers']",
            run: "click",
        },
        {
            content: "The lost customer is listed",
            trigger: ".o_list_view .o_data_row td:contains(Tour Lost Customer)",
        },
        {
            content: "and only him",
            trigger: ".o_list_view:not(:has(.o_data_row td:contains(Tour Loyal Customer)))",
        },
    ],
});
