/** @odoo-module **/
/**
 * A salesperson opens the RFM segments from the CRM menu, lists the
 * Champions and reaches one customer's RFM tab.
 */
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("crm_rfm_segment_tour", {
    url: "/odoo/crm",
    steps: () => [
        {
            content: "Open the Sales menu",
            trigger: ".o_main_navbar [data-menu-xmlid='crm.crm_menu_sales']",
            run: "click",
        },
        {
            content: "Open the RFM segments",
            trigger: "[data-menu-xmlid='crm_rfm.crm_rfm_menu_segments']",
            run: "click",
        },
        {
            content: "List the customers of the Champions segment",
            trigger: ".o_data_row:contains(Champions) button[name='action_open_customers']",
            run: "click",
        },
        {
            content: "Open the champion",
            trigger: ".o_data_row td:contains(Tour Champion)",
            run: "click",
        },
        {
            content: "Go to the RFM tab",
            trigger: ".o_notebook a[name='rfm']",
            run: "click",
        },
        {
            content: "The tab shows the segment and the score",
            trigger: ".o_field_widget[name='rfm_segment_id']:contains(Champions)",
        },
        {
            trigger: ".o_field_widget[name='rfm_score']:contains(55)",
        },
    ],
});
