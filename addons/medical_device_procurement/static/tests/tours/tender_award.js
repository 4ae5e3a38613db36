/** @odoo-module **/
import { registry } from "@web/core/registry";

const bid = (supplier) => `.o_list_view .o_data_row:has(td[name=partner_id]:contains(${supplier}))`;

registry.category("web_tour.tours").add("md_procurement_tender_award", {
    steps: () => [
        {
            content: "Open the comparison of the call for tenders",
            trigger: ".o_form_view .o_form_statusbar button[name=action_md_compare_bids]",
            run: "click",
        },
        {
            content: "The second supplier offers the lowest price",
            trigger: `${bid("Second Supplier Co.")} td[name=price_unit]:contains(4.90)`,
        },
        {
            trigger: `${bid("Second Supplier Co.")} td[name=md_is_cheapest] input:checked`,
        },
        {
            trigger: `${bid("Second Supplier Co.")} td[name=md_lead_time_days]:contains(9)`,
        },
        {
            trigger: `${bid("Test Supplier Co.")} td[name=price_unit]:contains(5.20)`,
        },
        {
            trigger: `${bid("Test Supplier Co.")} td[name=md_is_cheapest] input:not(:checked)`,
        },
        {
            content: "Award the faster supplier",
            trigger: `${bid("Test Supplier Co.")} button[name=action_md_award]`,
            run: "click",
        },
        {
            content: "The award knows the cheapest bid and asks why",
            trigger: ".o_form_view .o_field_widget[name=cheapest_amount]:contains(49.00)",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=reason] textarea",
            run: "edit Three days' lead time instead of nine: the ward runs out next week",
        },
        {
            trigger: ".o_form_view .o_form_statusbar button[name=action_sign_award]",
            run: "click",
        },
        {
            content: "Sign with the password",
            trigger: ".modal .o_field_widget[name=statement]:contains(Bo Buyer)",
        },
        {
            trigger: ".modal .o_field_widget[name=password] input",
            run: "edit md_buyer",
        },
        {
            trigger: ".modal footer button[name=action_sign]",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
        {
            trigger: ".o_form_view .o_form_statusbar .o_arrow_button_current:contains(Awarded)",
        },
        {
            trigger: ".o_form_view .o_notebook a[name=signature]",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=md_signature_manifest] .o_md_signature:contains(Bo Buyer)",
        },
    ],
});
