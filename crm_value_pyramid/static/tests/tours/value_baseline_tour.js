/** @odoo-module **/
/**
 * Measure again: a salesperson compares the pyramid of the current run with
 * the baseline kept at the start of the project, then opens the customers of
 * one cell of the migration matrix (Top then, Small now).
 */
import { registry } from "@web/core/registry";

function pivotCell(rowLabel, columnLabel) {
    const table = document.querySelector(".o_pivot table");
    // The header row of the levels (above the measures' row), one th per column.
    const columns = [...table.querySelectorAll("thead tr")]
        .map((tr) => [...tr.querySelectorAll("th")].map((th) => th.textContent.trim()))
        .find((labels) => labels.includes(columnLabel)) || [];
    const row = [...table.querySelectorAll("tbody tr")].find(
        (tr) => tr.querySelector("th")?.textContent.trim() === rowLabel
    );
    if (!row) {
        throw new Error(`No row ${rowLabel} in the matrix`);
    }
    const index = columns.indexOf(columnLabel);
    if (index < 0) {
        throw new Error(`No column ${columnLabel} in the matrix (${columns.join(", ")})`);
    }
    return row.querySelectorAll("td")[index];
}

registry.category("web_tour.tours").add("crm_value_baseline_tour", {
    url: "/odoo/crm",
    steps: () => [
        {
            content: "Open the Reporting menu",
            trigger: ".o_main_navbar [data-menu-xmlid='crm.crm_menu_report']",
            run: "click",
        },
        {
            content: "Open the migration from a baseline",
            trigger: "[data-menu-xmlid='crm_value_pyramid.crm_value_menu_compare']",
            run: "click",
        },
        {
            content: "The baseline kept at the start of the project is proposed",
            trigger: ".modal .o_field_widget[name=baseline_run_id] input:value(Value 2026-03-01 – 2026-03-31)",
        },
        {
            content: "Compare",
            trigger: ".modal button[name=action_compare]",
            run: "click",
        },
        {
            content: "The matrix says what it compares: baseline → now",
            trigger: ".o_breadcrumb:contains(Pyramid migration: Kick-off (2026-03-31) → 2026-06-30)",
        },
        {
            content: "One customer went from Top at the baseline to Small now",
            trigger: ".o_pivot .o_pivot_header_cell_closed:contains(Small)",
            run() {
                const cell = pivotCell("Top", "Small");
                if (cell.textContent.trim() !== "1") {
                    throw new Error(`Top → Small shows ${cell.textContent.trim()}`);
                }
                cell.click();
            },
        },
        {
            content: "The cell opens its customer, with the level at the baseline beside the level now",
            trigger: ".o_list_view .o_data_row .o_data_cell:contains(Baseline Ann)",
            run() {
                const rows = [...document.querySelectorAll(".o_list_view .o_data_row")];
                const cell = (name) => rows[0].querySelector(`.o_data_cell[name=${name}]`).textContent.trim();
                if (rows.length !== 1 || cell("compared_level") !== "Top" || cell("level") !== "Small") {
                    throw new Error(`${rows.length} rows; the first: ${rows[0].textContent}`);
                }
            },
        },
    ],
});
