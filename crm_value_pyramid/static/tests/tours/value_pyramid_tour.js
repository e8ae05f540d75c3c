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
            content: "The pyramid is drawn as a bar per level across, Top at the top",
            trigger: ".o_graph_renderer canvas",
            run() {
                const chart = Chart.getChart(document.querySelector(".o_graph_renderer canvas"));
                const labels = chart.data.labels.join(", ");
                if (chart.options.indexAxis !== "y" || labels !== "Top, Small, Inactive") {
                    throw new Error(`Bars along ${chart.options.indexAxis}, levels ${labels}`);
                }
            },
        },
        {
            // Five buyers of 100 to 500 (the best one Top, the others Small), each 50 of invoicing
            // cost; the lapsed customer Inactive.
            content: "Beside it, each level's customers, revenue and profit",
            trigger: ".o_pyramid_figures tr[data-level=top] .o_pyramid_profit:contains(450.00)",
            run() {
                const cells = (level) => [...document.querySelectorAll(`.o_pyramid_figures tr[data-level=${level}] td`)]
                    .map((td) => td.textContent.trim());
                const rows = ["top", "small", "inactive"].map((level) => cells(level).join(" | "));
                const expected = [/^Top \| 1 \| .*500\.00.* \| .*450\.00/, /^Small \| 4 \| .*1,000\.00.* \| .*800\.00/,
                    /^Inactive \| 1 \| .*0\.00.* \| .*0\.00/];
                if (!expected.every((pattern, index) => pattern.test(rows[index]))) {
                    throw new Error(`Pyramid figures: ${rows.join(" / ")}`);
                }
            },
        },
        {
            content: "The Top bar opens the Top customers",
            trigger: ".o_graph_renderer canvas",
            run() {
                const canvas = document.querySelector(".o_graph_renderer canvas");
                const bar = Chart.getChart(canvas).getDatasetMeta(0).data[0];
                const { x, y } = bar.getCenterPoint();
                const box = canvas.getBoundingClientRect();
                canvas.dispatchEvent(new MouseEvent("click", {
                    clientX: box.left + x, clientY: box.top + y, bubbles: true,
                }));
            },
        },
        {
            trigger: ".o_list_view .o_data_row .o_data_cell[name=partner_id]:contains(Tour buyer 5)",
            run() {
                const levels = [...document.querySelectorAll(".o_list_view .o_data_row .o_data_cell[name=level]")]
                    .map((cell) => cell.textContent.trim());
                if (levels.join() !== "Top") {
                    throw new Error(`The Top bar opened ${levels.join(", ")}`);
                }
            },
        },
        {
            content: "Back to the pyramid",
            trigger: ".o_breadcrumb .o_back_button, .o_breadcrumb a:contains(Value Pyramid)",
            run: "click",
        },
        {
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
            // Five buyers of 100 to 500, each 50 of invoicing cost: nobody loses money.
            content: "Its figures are read above it",
            trigger: ".o_whale_figures .o_whale_figure:contains(0.0 % of the active customers lose money (0 of 5))",
        },
        {
            trigger: ".o_whale_figures .o_whale_figure:contains(Peak: the best 100 % of the customers earn 100.0 % of the total profit)",
        },
        {
            content: "Its axes are titled, and the 100 % line drawn",
            trigger: ".o_graph_renderer canvas",
            run() {
                const chart = Chart.getChart(document.querySelector(".o_graph_renderer canvas"));
                const { x, y } = chart.options.scales;
                const titles = [x.title, y.title].map((title) => (title.display ? title.text : ""));
                const expected = ["Customers, best first (cumulative %)", "Profit (cumulative % of the total)"];
                if (titles.join("|") !== expected.join("|")) {
                    throw new Error(`Axis titles: ${titles.join(", ")}`);
                }
                const index = chart.data.datasets.findIndex((dataset) => dataset.label === "100 % of the profit");
                const drawnAt = index < 0 ? [] : chart.getDatasetMeta(index).data.map((point) => point.y);
                const at100 = chart.scales.y.getPixelForValue(100);
                if (!drawnAt.length || drawnAt.some((y) => Math.abs(y - at100) > 0.5)) {
                    throw new Error(`The 100 % line is drawn at ${drawnAt.join(", ")}, not at ${at100}`);
                }
            },
        },
        {
            trigger: ".o_breadcrumb:contains(Whale Curve)",
        },
    ],
});
