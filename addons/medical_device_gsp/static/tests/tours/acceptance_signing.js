/** @odoo-module **/
import { registry } from "@web/core/registry";

const LINE = ".o_field_widget[name=line_ids] .o_data_row:has(td[name=lot_id]:contains(TR-ACC-1))";

registry.category("web_tour.tours").add("md_gsp_acceptance_signing", {
    steps: () => [
        {
            content: "The acceptance waits for inspection",
            trigger: ".o_form_view .o_form_statusbar .o_arrow_button_current:contains(To Inspect)",
        },
        {
            content: "Open the lot line",
            trigger: `${LINE} td[name=qty_accepted]`,
            run: "click",
        },
        {
            trigger: ".o_selected_row .o_field_widget[name=qty_accepted] input",
            run: "edit 5",
        },
        {
            trigger: ".o_selected_row .o_field_widget[name=qty_rejected] input",
            run: "edit 1",
        },
        {
            trigger: ".o_selected_row .o_field_widget[name=packaging_check] select",
            run: "selectByLabel Fail",
        },
        {
            trigger: ".o_selected_row .o_field_widget[name=label_check] select",
            run: "selectByLabel Pass",
        },
        {
            trigger: ".o_selected_row .o_field_widget[name=delivery_note_check] select",
            run: "selectByLabel Received, Matches",
        },
        {
            trigger: ".o_selected_row .o_field_widget[name=reason] textarea",
            run: "edit One blister torn open, unit rejected",
        },
        {
            content: "Five accepted and one rejected make a partial acceptance",
            trigger: ".o_selected_row .o_field_widget[name=conclusion]:contains(Partially Accepted)",
        },
        {
            trigger: ".o_form_view .o_form_statusbar button[name=action_sign_acceptance]",
            run: "click",
        },
        {
            content: "The signature asks for the password again",
            trigger: ".modal .o_field_widget[name=statement]:contains(Ivy Inspector)",
        },
        {
            trigger: ".modal .o_field_widget[name=password] input",
            run: "edit md_inspector",
        },
        {
            trigger: ".modal footer button[name=action_sign]",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
        {
            content: "Signed",
            trigger: ".o_form_view .o_form_statusbar .o_arrow_button_current:contains(Signed)",
        },
        {
            trigger: ".o_field_widget[name=md_signature_manifest] .o_md_signature:contains(Ivy Inspector)",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=inspector_id]:contains(Ivy Inspector)",
        },
    ],
});
