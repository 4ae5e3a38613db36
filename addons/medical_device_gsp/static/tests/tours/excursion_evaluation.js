/** @odoo-module **/
import { registry } from "@web/core/registry";

const lot = (name) => `.o_field_widget[name=lot_ids] .o_data_row:has(td[name=lot_id]:contains(${name}))`;

registry.category("web_tour.tours").add("md_gsp_excursion_evaluation", {
    steps: () => [
        {
            content: "The excursion has ended and waits for QA",
            trigger: ".o_form_view .o_form_statusbar .o_arrow_button_current:contains(To Evaluate)",
        },
        {
            trigger: `${lot("TR-EXC-A")} td[name=current_state]:contains(On Hold)`,
        },
        {
            content: "Release the lot that stayed within its stability data",
            trigger: `${lot("TR-EXC-A")} td[name=decision]`,
            run: "click",
        },
        {
            trigger: ".o_selected_row .o_field_widget[name=decision] select",
            run: "selectByLabel Release",
        },
        {
            trigger: ".o_selected_row .o_field_widget[name=note] input",
            run: "edit Inside the 48 h allowance",
        },
        {
            content: "Reject the other one",
            trigger: `${lot("TR-EXC-B")} td[name=decision]`,
            run: "click",
        },
        {
            trigger: `.o_selected_row:has(td[name=lot_id]:contains(TR-EXC-B)) .o_field_widget[name=decision] select`,
            run: "selectByLabel Reject",
        },
        {
            content: "Write the evaluation",
            trigger: ".o_notebook a[name=evaluation]",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=stability_data] textarea",
            run: "edit Maker's statement MS-2026-01: 48 h at up to 25 °C",
        },
        {
            trigger: ".o_field_widget[name=evaluation] textarea",
            run: "edit Peak 12 °C for 20 min: lot A within the allowance; lot B arrived during the excursion, rejected.",
        },
        {
            trigger: ".o_form_view .o_form_statusbar button[name=action_sign_evaluation]",
            run: "click",
        },
        {
            content: "Sign with the password",
            trigger: ".modal .o_field_widget[name=statement]:contains(Qiang QA)",
        },
        {
            trigger: ".modal .o_field_widget[name=password] input",
            run: "edit md_qaxxx",
        },
        {
            trigger: ".modal footer button[name=action_sign]",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
        {
            trigger: ".o_form_view .o_form_statusbar .o_arrow_button_current:contains(Evaluated)",
        },
        {
            trigger: ".o_field_widget[name=md_signature_manifest] .o_md_signature:contains(Qiang QA)",
        },
        {
            trigger: ".o_notebook a[name=lots]",
            run: "click",
        },
        {
            trigger: `${lot("TR-EXC-A")} td[name=current_state]:contains(Released)`,
        },
        {
            trigger: `${lot("TR-EXC-B")} td[name=current_state]:contains(Rejected)`,
        },
    ],
});
