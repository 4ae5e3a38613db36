/** @odoo-module **/
import { registry } from "@web/core/registry";

const FORM = ".o_form_view";
const SCOPE_LOT = (lot) => `.o_field_widget[name=scope_lot_ids] .o_data_row:has(td[name=lot_id]:contains(${lot}))`;
const TRACE = ".o_field_widget[name=position_ids] .o_data_row";
const NOTICE = (email) => `.o_list_view .o_data_row:has(td[name=email]:contains(${email}))`;

registry.category("web_tour.tours").add("md_recall_scope_notices", {
    steps: () => [
        {
            content: "The recall is still a draft",
            trigger: `${FORM} .o_form_statusbar .o_arrow_button_current[data-value=draft]`,
        },
        {
            content: "Trace the lots named by the scope",
            trigger: `${FORM} .o_form_statusbar button.btn-primary[name=action_compute_scope]`,
            run: "click",
        },
        {
            content: "Each lot shows what is in our stock and what went to customers",
            trigger: `${SCOPE_LOT("TR-RC-A")} td[name=qty_at_customers]:contains(10.00)`,
        },
        {
            trigger: `${SCOPE_LOT("TR-RC-B")} td[name=qty_at_customers]:contains(7.00)`,
        },
        {
            trigger: `${FORM} .o_notebook a[name=trace]`,
            run: "click",
        },
        {
            content: "The trace names every consignee with its delivery",
            trigger: `${TRACE}:has(td[name=lot_id]:contains(TR-RC-A)):has(td[name=partner_id]:contains(Test Hospital)) td[name=quantity]:contains(10.00)`,
        },
        {
            trigger: `${TRACE}:has(td[name=lot_id]:contains(TR-RC-B)):has(td[name=partner_id]:contains(Second Test Hospital)) td[name=quantity]:contains(3.00)`,
        },
        {
            trigger: `${TRACE}:has(td[name=lot_id]:contains(TR-RC-A)):has(td[name=kind]:contains(Our Stock)) td[name=quantity]:contains(20.00)`,
        },
        {
            content: "Start the recall",
            trigger: `${FORM} .o_form_statusbar button[name=action_start]`,
            run: "click",
        },
        {
            content: "Starting freezes the lots: confirm",
            trigger: ".modal:contains(Starting freezes every lot) .modal-footer .btn-primary",
            run: "click",
        },
        {
            trigger: `${FORM} .o_form_statusbar .o_arrow_button_current[data-value=ongoing]`,
        },
        {
            content: "The lots in scope are frozen",
            trigger: `${FORM} .o_notebook a[name=scope]`,
            run: "click",
        },
        {
            trigger: `${SCOPE_LOT("TR-RC-A")} td[name=quality_state]:contains(Recalled)`,
        },
        {
            trigger: `${SCOPE_LOT("TR-RC-B")} td[name=quality_state]:contains(Recalled)`,
        },
        {
            content: "Open the notices of the recall",
            trigger: `${FORM} .oe_stat_button:contains(Notified)`,
            run: "click",
        },
        {
            content: "One notice per consignee, none sent yet",
            trigger: `${NOTICE("device.dept@hospital.example.com")} td[name=state]:contains(To Notify)`,
        },
        {
            trigger: `${NOTICE("equipment@hospital2.example.com")} td[name=state]:contains(To Notify)`,
        },
        {
            content: "Select every notice",
            trigger: ".o_list_view thead .o_list_record_selector input",
            run: "click",
        },
        {
            content: "E-mail them all",
            trigger: ".o_control_panel .o_list_selection_container button[name=action_send]",
            run: "click",
        },
        {
            content: "Both consignees are notified",
            trigger: `${NOTICE("device.dept@hospital.example.com")} td[name=state]:contains(Notified)`,
        },
        {
            trigger: `${NOTICE("equipment@hospital2.example.com")} td[name=state]:contains(Notified)`,
        },
        {
            trigger: ".o_list_view:not(:has(td[name=state]:contains(To Notify)))",
        },
    ],
});
