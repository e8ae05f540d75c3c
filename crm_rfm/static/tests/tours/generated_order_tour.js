/** @odoo-module **/
/**
 * A salesperson finds a generated customer's order and follows it to its
 * invoice: the generated data must read in the web client like data entered
 * by hand (customer, smart button, posted invoice).
 */
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("crm_rfm_generated_order_tour", {
    steps: () => [
        {
            content: "Search the orders of the generated customer",
            trigger: ".o_searchview_input",
            run: "edit Tour Customer Ltd && press Enter",
        },
        {
            content: "Open its only confirmed order",
            trigger: ".o_data_row td[name='partner_id']:contains(Tour Customer Ltd)",
            run: "click",
        },
        {
            content: "The order shows its customer",
            trigger: ".o_form_view .o_field_widget[name='partner_id']:contains(Tour Customer Ltd)",
        },
        {
            content: "Follow the Invoices smart button",
            trigger: "button[name='action_view_invoice']:contains(1)",
            run: "click",
        },
        {
            content: "The invoice is posted and invoices the order",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains(Posted)",
        },
        {
            content: "The invoice is the customer's",
            trigger: ".o_form_view .o_field_widget[name='partner_id']:contains(Tour Customer Ltd)",
        },
    ],
});
