/** @odoo-module **/
/**
 * A customer value manager opens the value pyramid from the CRM reporting
 * menu, looks at it as a pivot, then opens the whale curve.
 */
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("crm_value_pyramid_tour", {
    url: "/odoo/crm",
    steps: () => [
        {
            content: "Open the Reporting menu",
            trigger: ".o_main_navbar [data-menu-xmlid='crm.crm_menu_report']",
            run: "click",
        },
        {
            content: "Open the value pyramid",
            trigger: "[data-menu-xmlid='crm_value_pyramid.crm_value_menu_pyramid']",
            run: "click",
        },
        {
            content: "The pyramid is drawn as a chart",
            trigger: ".o_graph_renderer canvas",
        },
        {
            content: "Switch to the pivot",
            trigger: ".o_switch_view.o_pivot",
            run: "click",
        },
        {
            content: "The pivot has a row per level",
            trigger: ".o_pivot .o_pivot_header_cell_closed:contains(Top)",
        },
        {
            content: "The levels are listed top down, as in the pyramid (not alphabetically)",
            trigger: ".o_pivot .o_pivot_header_cell_closed:contains(Inactive)",
            run() {
                const pyramid = ["Top", "Big", "Medium", "Small", "Inactive", "Prospect"];
                const shown = [...document.querySelectorAll(".o_pivot tbody .o_pivot_header_cell_closed")]
                    .map((cell) => cell.textContent.trim())
                    .filter((label) => pyramid.includes(label));
                const expected = pyramid.filter((level) => shown.includes(level));
                if (shown.length < 3 || shown.join() !== expected.join()) {
                    throw new Error(`Pyramid levels shown as ${shown.join(", ")}`);
                }
            },
        },
        {
            content: "Open the Reporting menu again",
            trigger: ".o_main_navbar [data-menu-xmlid='crm.crm_menu_report']",
            run: "click",
        },
        {
            content: "Open the whale curve",
            trigger: "[data-menu-xmlid='crm_value_pyramid.crm_value_menu_whale']",
            run: "click",
        },
        {
            content: "The whale curve is a line chart",
            trigger: ".o_graph_renderer canvas",
        },
        {
            trigger: ".o_breadcrumb:contains(Whale Curve)",
        },
    ],
});
