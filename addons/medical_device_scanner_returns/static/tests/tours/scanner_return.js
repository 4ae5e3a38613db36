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

const LOT = "(01)06909999000012(10)TOUR-RL-1";
const NOT_DECLARED = "(01)06909999000012(10)SR-A";

registry.category("web_tour.tours").add("md_scanner_return", {
    steps: () => [
        ...openTask("return"),
        ...openRecord("TOUR-DELIVERY"),
        scan(LOT),
        expectAccepted("TOUR-RL-1: 1 of 2 counted"),
        expectLine("Test Syringe", "1 / 2"),
        scan(LOT),
        expectAccepted("TOUR-RL-1: 2 of 2 counted"),
        expectLine("Test Syringe", "2 / 2"),
        scan(LOT, "A third unit was not declared"),
        expectRefused("declares 2"),
        scan(NOT_DECLARED, "A lot the customer did not declare"),
        expectRefused("did not declare it"),
        clickAction("receive"),
        {
            content: "The return is received and leaves the list",
            trigger: ".o_md_scanner_records:not(:has(.o_md_scanner_record:contains(TOUR-DELIVERY)))",
        },
    ],
});
