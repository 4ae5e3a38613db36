/** @odoo-module **/
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("md_gsp_delivery_refused", {
    steps: () => [
        {
            content: "The delivery is ready",
            trigger: ".o_form_view .o_form_statusbar .o_arrow_button_current:contains(Ready)",
        },
        {
            content: "Try to validate it",
            trigger: ".o_form_view .o_form_statusbar button[name=button_validate]",
            run: "click",
        },
        {
            content: "Refused, as a business error and not a crash",
            trigger: ".modal .o_error_dialog .modal-title:contains(Invalid Operation)",
        },
        {
            content: "No signed outbound review, and the lot is still in quarantine",
            trigger: ".modal .o_error_dialog:contains(needs a signed outbound review before it can be validated)",
        },
        {
            trigger: ".modal .o_error_dialog:contains(Test Syringe 5 ml TR-QUA-1 is Quarantine, not Released.)",
        },
        {
            trigger: ".modal .o_error_dialog .modal-footer button.o-default-button",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
        {
            content: "Open the outbound review",
            trigger: ".o_form_view .o_form_statusbar button[name=action_md_outbound_review]",
            run: "click",
        },
        {
            content: "The review stops on the quarantined lot",
            trigger: ".o_form_view .alert-danger:contains(problem(s) block this delivery)",
        },
        {
            trigger: ".o_field_widget[name=line_ids] td[name=quality_state]:contains(Quarantine)",
        },
        {
            trigger: ".o_notebook a[name=problems]",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=problem_ids] td[name=message]:contains(TR-QUA-1 is Quarantine, not Released.)",
        },
    ],
});
