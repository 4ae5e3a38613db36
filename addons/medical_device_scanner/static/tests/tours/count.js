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

const BOX_OF_FIVE = "(01)06909999000012(10)TOUR-LOT(30)5";

registry.category("web_tour.tours").add("md_scanner_count", {
    steps: () => [
        ...openTask("count"),
        ...openRecord("Tour Shelf"),
        clickAction("start"),
        { content: "The count has started", trigger: ".o_md_scanner_actions button[name=finish]" },
        scan("TOUR-SHELF", "The shelf first"),
        expectAccepted("Tour Shelf"),
        scan("CNT-X", "A shelf of another count's scope is refused"),
        expectRefused("is not in the scope of"),
        scan(BOX_OF_FIVE, "A box of five of the lot"),
        expectAccepted("TOUR-LOT"),
        expectLine("Test Syringe", "5"),
        scan("NOT-A-CODE", "A code that is neither a location nor a UDI"),
        expectRefused("NOT-A-CODE"),
        clickAction("finish"),
        {
            content: "The count matched the records: it is done and leaves the list",
            trigger: ".o_md_scanner_records:not(:has(.o_md_scanner_record:contains(Tour Shelf)))",
        },
    ],
});
