/** @odoo-module **/

import { registry } from "@web/core/registry";

// Portal customer: from the portal home to "My surveys", then answers the pending survey.
registry.category("web_tour.tours").add("crm_satisfaction_portal_my_surveys", {
    steps: () => [
        {
            content: "The portal home offers My surveys (shown once its counter is loaded)",
            trigger: ".o_portal_index_card a[href='/my/surveys']:contains(My surveys)",
            run: "click",
        },
        {
            content: "The pending survey is listed with a button to answer it",
            trigger: "tr.o_satisfaction_pending:contains(Campaign NPS) a.o_satisfaction_answer",
            run: "click",
        },
        {
            content: "Start the survey",
            trigger: "button.btn:contains(Start)",
            run: "click",
        },
        {
            content: "Give a score of 7",
            trigger: "div.js_question-wrapper:contains(Recommend us?) label.o_survey_choice_btn:contains(7)",
            run: "click",
        },
        {
            content: "Continue to the comment question",
            trigger: "button[value=next]:not(.disabled)",
            run: "click",
        },
        {
            content: "Write a comment",
            trigger: "div.js_question-wrapper:contains(Why?) textarea",
            run: "edit Good, could be faster",
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
