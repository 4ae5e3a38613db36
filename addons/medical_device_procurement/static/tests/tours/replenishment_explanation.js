/** @odoo-module **/
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("md_procurement_replenishment_explanation", {
    steps: () => [
        {
            content: "The replenishment lists the device whose stock is all on hold or expired",
            trigger: ".o_list_view .o_data_row:contains(Test Syringe 5 ml)",
        },
        {
            content: "Its forecast is 0 although Odoo holds 20 on hand",
            trigger: ".o_data_row:contains(Test Syringe 5 ml) td[name=qty_forecast]:contains(0.00)",
        },
        {
            content: "Ask why this quantity",
            trigger: ".o_data_row:contains(Test Syringe 5 ml) button[name=action_md_explain]",
            run: "click",
        },
        {
            content: "The explanation shows the quantity to order of the rule",
            trigger: ".modal .o_form_view div[name=qty_to_order]:contains(30.00)",
        },
        {
            content: "The lot on hold is counted for nothing, and why",
            trigger: ".modal .o_data_row:contains(TOUR-HOLD):contains(Not released (quality status))",
        },
        {
            trigger: ".modal .o_data_row:contains(TOUR-EXP):contains(Expired)",
        },
        {
            content: "Close it",
            trigger: ".modal .modal-footer button.btn-primary",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
    ],
});
