/** @odoo-module **/
import { registry } from "@web/core/registry";

// What a 2D scanner types for each label (human-readable GS1 form), followed by Enter.
const STENT_1 = "(01)06909999000029(11)260105(17)290131(21)TR-SN-001";
const STENT_2 = "(01)06909999000029(11)260105(17)290131(21)TR-SN-002";
const SYRINGE = "(01)06909999000012(11)260610(17)290630(10)TR-LOT-7";

const row = (product, index) =>
    `.o_list_view .o_data_row:has(td[name=product_id]:contains(${product})):eq(${index})`;

function scan(product, index, code, lot, expiry) {
    return [
        {
            content: `Put the cursor on the UDI cell of ${product} line ${index + 1}`,
            trigger: `${row(product, index)} td[name=md_udi]`,
            run: "click",
        },
        {
            content: "Scan the label",
            trigger: `${row(product, index)}.o_selected_row .o_field_widget[name=md_udi] input`,
            // A run string would read the code's opening bracket as its own syntax.
            run: async (helpers) => {
                await helpers.edit(code);
                await helpers.press("Enter");
            },
        },
        {
            content: "Lot or serial number and expiry come from the code",
            trigger: `${row(product, index)}:not(.o_selected_row) td[name=lot_name]:contains(${lot})`,
        },
        {
            trigger: `${row(product, index)} td[name=expiration_date]:contains(${expiry})`,
        },
    ];
}

registry.category("web_tour.tours").add("md_gsp_receipt_udi_scan", {
    steps: () => [
        {
            content: "Open the detailed operations of the receipt",
            trigger: ".o_form_view .o_form_statusbar .o_arrow_button_current:contains(Ready)",
        },
        {
            trigger: ".o_form_view button[name=action_detailed_operations]",
            run: "click",
        },
        ...scan("Test Stent", 0, STENT_1, "TR-SN-001", "01/31/2029"),
        ...scan("Test Stent", 1, STENT_2, "TR-SN-002", "01/31/2029"),
        ...scan("Test Syringe", 0, SYRINGE, "TR-LOT-7", "06/30/2029"),
        {
            content: "A box of ten: count the units",
            trigger: `${row("Test Syringe", 0)} td[name=quantity]`,
            run: "click",
        },
        {
            trigger: `${row("Test Syringe", 0)}.o_selected_row .o_field_widget[name=quantity] input`,
            run: "edit 10",
        },
        {
            trigger: ".o_list_button_save",
            run: "click",
        },
        {
            trigger: `${row("Test Syringe", 0)}:not(.o_selected_row) td[name=quantity]:contains(10.00)`,
        },
        {
            content: "Back to the receipt",
            trigger: ".o_breadcrumb .o_back_button:contains(GTW/IN)",
            run: "click",
        },
        {
            content: "Validate the receipt",
            trigger: ".o_form_view .o_form_statusbar button[name=button_validate]",
            run: "click",
        },
        {
            content: "Received into quarantine, with an acceptance to inspect",
            trigger: ".o_form_view .o_form_statusbar .o_arrow_button_current:contains(Done)",
        },
        {
            trigger: ".o_form_view button[name=action_md_open_acceptance]:contains(To Inspect)",
        },
    ],
});
