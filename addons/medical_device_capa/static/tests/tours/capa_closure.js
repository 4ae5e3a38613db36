/** @odoo-module **/
import { registry } from "@web/core/registry";

const FORM = ".o_form_view";

registry.category("web_tour.tours").add("md_capa_closure", {
    steps: () => [
        {
            content: "The CAPA is at the effectiveness check",
            trigger: `${FORM} .o_form_statusbar .o_arrow_button_current[data-value=effectiveness]`,
        },
        {
            content: "Its action is done",
            trigger: `${FORM} .o_notebook a[name=actions]`,
            run: "click",
        },
        {
            trigger: `${FORM} .o_field_widget[name=action_ids] .o_data_row:has(td[name=name]:contains(Replace the moulding)) td[name=state]:contains(Done)`,
        },
        {
            content: "The check found the actions effective",
            trigger: `${FORM} .o_notebook a[name=effectiveness]`,
            run: "click",
        },
        {
            trigger: `${FORM} .o_field_widget[name=effectiveness_result] select:has(option:selected:contains(/^Effective$/))`,
        },
        {
            content: "Close it with a signature",
            trigger: `${FORM} .o_form_statusbar button[name=action_close]`,
            run: "click",
        },
        {
            content: "The prompt states who signs what and with which meaning",
            trigger: ".modal .o_field_widget[name=statement]:contains(Qin Closer)",
        },
        {
            trigger: ".modal .o_field_widget[name=meaning]:contains(Closed)",
        },
        {
            trigger: ".modal .o_field_widget[name=password] input",
            run: "edit md_tour_capa_qa",
        },
        {
            trigger: ".modal footer button[name=action_sign]",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
        {
            content: "The CAPA shows closed, by its signer",
            trigger: `${FORM} .o_form_statusbar .o_arrow_button_current[data-value=closed]`,
        },
        {
            trigger: `${FORM} .ribbon span:contains(Closed)`,
        },
        {
            trigger: `${FORM} .o_field_widget[name=closed_by]:contains(Qin Closer)`,
        },
        {
            trigger: `${FORM} .o_notebook a[name=signature]`,
            run: "click",
        },
        {
            trigger: `${FORM} .o_field_widget[name=md_signature_manifest]:contains(Qin Closer)`,
        },
    ],
});
