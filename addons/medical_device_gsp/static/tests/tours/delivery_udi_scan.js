/** @odoo-module **/
import { registry } from "@web/core/registry";

// The label of the lot actually taken from the shelf, as a 2D scanner types it.
const LOT_B = "(01)06909999000012(10)TR-OUT-B";

// Deliveries show the lot in the "Pick From" column (the quant).
const row = (lot) => `.o_list_view .o_data_row:has(td[name=quant_id]:contains(${lot}))`;

registry.category("web_tour.tours").add("md_gsp_delivery_udi_scan", {
    steps: () => [
        {
            content: "Open the detailed operations of the delivery",
            trigger: ".o_form_view .o_form_statusbar .o_arrow_button_current:contains(Ready)",
        },
        {
            trigger: ".o_form_view button[name=action_detailed_operations]",
            run: "click",
        },
        {
            content: "Odoo reserved lot A; put the cursor on the UDI cell of its line",
            trigger: `${row("TR-OUT-A")} td[name=md_udi]`,
            run: "click",
        },
        {
            content: "Scan the label of lot B, which was picked instead",
            trigger: ".o_list_view .o_data_row.o_selected_row .o_field_widget[name=md_udi] input",
            // A run string would read the code's opening bracket as its own syntax.
            run: async (helpers) => {
                await helpers.edit(LOT_B);
            },
        },
        {
            trigger: ".o_list_button_save",
            run: "click",
        },
        {
            content: "The line now holds lot B, scanned by the picker",
            trigger: `${row("TR-OUT-B")}:not(.o_selected_row) td[name=md_scanned_by]:contains(Pei Picker)`,
        },
        {
            content: "Back to the delivery",
            trigger: ".o_breadcrumb .o_back_button:contains(GTW/OUT)",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_form_statusbar .o_arrow_button_current:contains(Ready)",
        },
    ],
});
