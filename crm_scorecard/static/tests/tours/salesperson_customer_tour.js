/** @odoo-module **/
/**
 * A salesperson opens a customer: the RFM tab says what the customer is
 * (segment, scores), the Customer Value tab its pyramid level and its history,
 * and nowhere what it spends or is worth (monetary value, CLV, probability
 * alive, revenue, costs, profit): those are for Customer Value Managers.
 */
import { registry } from "@web/core/registry";

const MONEY_FIELDS = [
    "rfm_monetary", "clv_value", "clv_p_alive", "clv_expected_purchases",
    "value_revenue", "value_cogs", "value_cost_to_serve", "value_profit",
];

function assertNoMoney() {
    const shown = MONEY_FIELDS.filter((name) => document.querySelector(`.o_form_view [name=${name}]`));
    if (shown.length) {
        throw new Error(`A salesperson sees ${shown.join(", ")}`);
    }
}

registry.category("web_tour.tours").add("crm_salesperson_customer_tour", {
    steps: () => [
        {
            content: "Open the RFM tab",
            trigger: ".o_form_view .o_notebook .nav-link:contains(RFM)",
            run: "click",
        },
        {
            content: "The customer's segment and scores are there",
            trigger: ".o_form_view .o_field_widget[name=rfm_segment_id]:not(:empty)",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=rfm_frequency]:contains(1)",
            run: assertNoMoney,
        },
        {
            content: "Open the Customer Value tab",
            trigger: ".o_form_view .o_notebook .nav-link:contains(Customer Value)",
            run: "click",
        },
        {
            content: "The pyramid level is there, the money is not",
            trigger: ".o_form_view .o_field_widget[name=value_pyramid_level]:contains(Top)",
            run: assertNoMoney,
        },
        {
            content: "Open the customer's value history",
            trigger: ".o_form_view button[name=action_open_value_history]",
            run: "click",
        },
        {
            content: "Its history: the level of each run, without revenue, cost or profit columns",
            trigger: ".o_list_view .o_data_row .o_data_cell[name=level]:contains(Top)",
            run() {
                const columns = [...document.querySelectorAll(".o_list_view thead th[data-name]")].map(
                    (th) => th.dataset.name
                );
                const money = columns.filter((name) => ["revenue", "cost_to_serve", "profit", "cogs"].includes(name));
                if (money.length) {
                    throw new Error(`The history shows ${money.join(", ")}`);
                }
            },
        },
    ],
});
