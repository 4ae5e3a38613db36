import { registry } from "@web/core/registry";
import {
    clickAction,
    expectAccepted,
    expectLine,
    expectRefused,
    openRecord,
    openTask,
    scan,
} from "@medical_device_scanner/../tests/tours/helpers";

const LOT = "(01)06909999000012(10)TOUR-RC-1";
const NOT_RECALLED = "(01)06909999000012(10)SC-OK";

registry.category("web_tour.tours").add("md_scanner_recall", {
    steps: () => [
        ...openTask("recall"),
        ...openRecord("TOUR-RECALL"),
        scan(LOT),
        expectAccepted("TOUR-RC-1: 1 of 2 retrieved"),
        expectLine("Test Syringe", "1 / 2"),
        scan(NOT_RECALLED, "A lot outside the recall"),
        expectRefused("is not recalled under"),
        scan(LOT),
        expectAccepted("TOUR-RC-1: 2 of 2 retrieved"),
        expectLine("Test Syringe", "2 / 2"),
        scan(LOT, "A third unit is not on the retrieval"),
        expectRefused("bring back 2"),
        clickAction("receive"),
        {
            content: "The goods are received and the notice leaves the list",
            trigger: ".o_md_scanner_records:not(:has(.o_md_scanner_record:contains(TOUR-RECALL)))",
        },
    ],
});
