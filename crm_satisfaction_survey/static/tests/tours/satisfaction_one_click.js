/** @odoo-module **/

import { registry } from "@web/core/registry";

// Customer clicked a score in the invitation e-mail: the survey opens with that score
// selected, they explain it in the comment question and submit, ending on the thank-you page.
function oneClickSteps(score, comment) {
    return [
        {
            content: "The score clicked in the e-mail is preselected",
            trigger: `label.o_survey_choice_btn.o_survey_selected:contains(${score})`,
        },
        {
            content: "Continue to the next question",
            trigger: "button[value=next]:not(.disabled)",
            run: "click",
        },
        {
            content: "The comment question follows: explain the score",
            trigger: "div.js_question-wrapper:contains(Why?) textarea",
            run: `edit ${comment}`,
        },
        {
            content: "Submit",
            trigger: "button[value=finish]:not(.disabled)",
            run: "click",
        },
        {
            content: "Thank-you page",
            trigger: ".o_survey_finished",
        },
    ];
}

registry.category("web_tour.tours").add("crm_satisfaction_one_click", {
    steps: () => oneClickSteps(9, "Friendly support team"),
});

registry.category("web_tour.tours").add("crm_satisfaction_one_click_detractor", {
    steps: () => oneClickSteps(2, "The delivery was two weeks late"),
});

// Manager opens the campaign and reads its NPS.
registry.category("web_tour.tours").add("crm_satisfaction_campaign_nps", {
    steps: () => [
        {
            content: "Open the campaign",
            trigger: ".o_data_row td:contains(Tour NPS campaign)",
            run: "click",
        },
        {
            content: "The campaign shows its NPS",
            trigger: ".o_field_widget[name=nps_score]:contains(100.0)",
        },
        {
            content: "and its response rate",
            trigger: ".o_field_widget[name=response_rate]:contains(50.0)",
        },
    ],
});

// Manager sends a campaign now: the button hands it to the cron and says so.
registry.category("web_tour.tours").add("crm_satisfaction_campaign_send_now", {
    steps: () => [
        {
            content: "Open the draft campaign",
            trigger: ".o_data_row td:contains(Tour send campaign)",
            run: "click",
        },
        {
            content: "Send it now",
            trigger: "button[name=action_send_now]",
            run: "click",
        },
        {
            content: "Confirm",
            trigger: ".modal-footer button.btn-primary",
            run: "click",
        },
        {
            content: "The manager is told the invitations are prepared in the background",
            trigger: ".o_notification:contains(being prepared in the background)",
        },
        {
            content: "The campaign is due now",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Scheduled)",
        },
    ],
});

// Promoter on the ready-made Relationship NPS survey (one page): explains the
// score, asks to be contacted and submits; the salesperson gets a lead.
registry.category("web_tour.tours").add("crm_satisfaction_promoter_asks_to_be_contacted", {
    steps: () => [
        {
            content: "The score clicked in the e-mail is preselected",
            trigger: "label.o_survey_choice_btn.o_survey_selected:contains(10)",
        },
        {
            content: "Explain the score",
            trigger: "div.js_question-wrapper:contains(main reason for your score) textarea",
            run: "edit Quick answers every time",
        },
        {
            content: "Ask to be contacted",
            trigger: "div.js_question-wrapper:contains(May we contact you) label:contains(Yes, please contact me)",
            run: "click",
        },
        {
            content: "Submit",
            trigger: "button[value=finish]:not(.disabled)",
            run: "click",
        },
        {
            content: "Thank-you page",
            trigger: ".o_survey_finished",
        },
    ],
});
