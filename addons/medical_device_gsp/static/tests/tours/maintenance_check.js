/** @odoo-module **/
import { registry } from "@web/core/registry";

const POINTS = ["appearance", "packaging", "label", "expiry", "storage_condition"];

function inspect(lot, results, finding) {
    const steps = [
        {
            content: `Look at ${lot}`,
            trigger: `.o_field_widget[name=line_ids] .o_data_row:has(td[name=lot_id]:contains(${lot})) td[name=appearance]`,
            run: "click",
        },
    ];
    POINTS.forEach((point, index) => {
        steps.push({
            trigger: `.o_selected_row:has(td[name=lot_id]:contains(${lot})) .o_field_widget[name=${point}] select`,
            run: `selectByLabel ${results[index]}`,
        });
    });
    if (finding) {
        steps.push({
            trigger: `.o_selected_row .o_field_widget[name=finding] textarea`,
            run: `edit ${finding}`,
        });
    }
    steps.push({
        trigger: `.o_selected_row .o_field_widget[name=result]:contains(${results.includes("Fail") ? "Fail" : "Pass"})`,
    });
    return steps;
}

registry.category("web_tour.tours").add("md_gsp_maintenance_check", {
    steps: () => [
        {
            content: "The check is to do",
            trigger: ".o_form_view .o_form_statusbar .o_arrow_button_current:contains(To Do)",
        },
        ...inspect("TR-MNT-A", ["Pass", "Pass", "Pass", "Pass", "Pass"]),
        ...inspect("TR-MNT-B", ["Pass", "Fail", "Pass", "Pass", "Pass"], "Outer carton wet and torn"),
        {
            trigger: ".o_form_view .o_field_widget[name=todo_count]:contains(0)",
        },
        {
            content: "Complete the check",
            trigger: ".o_form_view .o_form_statusbar button[name=action_done]",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_form_statusbar .o_arrow_button_current:contains(Done)",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=done_by]:contains(Kai Keeper)",
        },
        {
            content: "The failed lot goes on hold",
            trigger: ".o-mail-Chatter .o-mail-Message:contains(Put on hold: ):contains(TR-MNT-B)",
        },
    ],
});
