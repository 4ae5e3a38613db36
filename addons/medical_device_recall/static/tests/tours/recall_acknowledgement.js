/** @odoo-module **/
import { registry } from "@web/core/registry";

const PAGE = ".o_md_recall_ack";
const LINE = (lot) => `${PAGE} form tbody tr:has(td:contains(${lot}))`;

registry.category("web_tour.tours").add("md_recall_acknowledgement", {
    steps: () => [
        {
            content: "The consignee sees which devices are recalled and why",
            trigger: `${PAGE} p:contains(Balloon may not deflate)`,
        },
        {
            trigger: `${LINE("TR-ACK-A")} input[name^=on_hand_]`,
            run: "edit 6",
        },
        {
            trigger: `${LINE("TR-ACK-A")} input[name^=returned_]`,
            run: "edit 2",
        },
        {
            trigger: `${LINE("TR-ACK-B")} input[name^=on_hand_]`,
            run: "edit 0",
        },
        {
            trigger: `${LINE("TR-ACK-B")} input[name^=returned_]`,
            run: "edit 4",
        },
        {
            trigger: `${PAGE} input#md_ack_name`,
            run: "edit Dr. Wang, device department",
        },
        {
            trigger: `${PAGE} textarea#md_ack_note`,
            run: "edit Ward stock counted",
        },
        {
            content: "Send the confirmation",
            trigger: `${PAGE} form button[type=submit]`,
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The confirmation is recorded",
            trigger: `${PAGE} .o_md_ack_done:contains(Your confirmation of)`,
        },
        {
            trigger: `${PAGE}:not(:has(form))`,
        },
    ],
});
