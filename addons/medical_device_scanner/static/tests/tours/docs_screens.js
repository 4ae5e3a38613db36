import { registry } from "@web/core/registry";
import {
    expectAccepted,
    expectRefused,
    openRecord,
    openTask,
    scan,
    setMode,
} from "@medical_device_scanner/../tests/tours/helpers";

// The demo syringe's label, made today: produced a month ago, expiring after ``days``.
function label(lot, days = 1000) {
    const date = (offset) => {
        const d = new Date(Date.now() + offset * 86400000);
        return [d.getFullYear() % 100, d.getMonth() + 1, d.getDate()]
            .map((n) => String(n).padStart(2, "0"))
            .join("");
    };
    return `(01)06901234567892(11)${date(-30)}(17)${date(days)}(10)${lot}`;
}

registry.category("web_tour.tours").add("md_scanner_docs_home", {
    steps: () => [
        { content: "The tasks, in Chinese", trigger: ".o_md_scanner_task[data-task=receive]:contains(收货)" },
        { trigger: ".o_md_scanner_title:contains(扫描)" },
    ],
});

registry.category("web_tour.tours").add("md_scanner_docs_receive", {
    steps: () => [
        ...openTask("receive"),
        ...openRecord("DOCS-IN-1"),
        { trigger: ".o_md_scanner_prompt:contains(扫描)" },
        scan(label("DOC-LOT-1")),
        expectAccepted("DOC-LOT-1"),
        scan(label("DOC-SHORT-9", 40), "A lot with forty days of shelf life left"),
        expectRefused("180"),
    ],
});

registry.category("web_tour.tours").add("md_scanner_docs_accept", {
    steps: () => [
        ...openTask("accept"),
        ...openRecord("DOCS-IN-2"),
        scan(label("DOC-ACC-1")),
        expectAccepted("DOC-ACC-1"),
        scan(label("DOC-ACC-1")),
        expectAccepted("DOC-ACC-1"),
        scan(label("DOC-ACC-1")),
        expectAccepted("DOC-ACC-1"),
        ...setMode("reject"),
        { content: "Why", trigger: "textarea.o_md_scanner_note", run: "edit 单包装破损" },
        scan(label("DOC-ACC-1"), "One unit with a torn pouch"),
        expectAccepted("DOC-ACC-1"),
    ],
});

registry.category("web_tour.tours").add("md_scanner_docs_pick", {
    steps: () => [
        ...openTask("pick"),
        ...openRecord("DOCS-OUT-1"),
        scan("WHSTOCK", "Scan the shelf first"),
        expectAccepted("WH/Stock"),
        scan(label("DOC-PICK-1")),
        expectAccepted("DOC-PICK-1"),
        scan(label("DOC-HOLD-1"), "A lot on hold, taken from the shelf by mistake"),
        expectRefused("DOC-HOLD-1"),
    ],
});

registry.category("web_tour.tours").add("md_scanner_docs_review", {
    steps: () => [
        ...openTask("review"),
        ...openRecord("DOCS-OUT-2"),
        scan(label("DOC-REV-1")),
        expectAccepted("DOC-REV-1"),
    ],
});

registry.category("web_tour.tours").add("md_scanner_docs_count", {
    steps: () => [
        ...openTask("count"),
        { content: "Today's count", trigger: ".o_md_scanner_record:first", run: "click" },
        { trigger: ".o_md_scanner_screen" },
        scan("WHSTOCK", "Scan the location counted"),
        expectAccepted("WH/Stock"),
        scan(label("DOC-CNT-1")),
        expectAccepted("DOC-CNT-1"),
        scan(label("DOC-CNT-1")),
        expectAccepted("DOC-CNT-1"),
    ],
});

registry.category("web_tour.tours").add("md_scanner_docs_maintenance", {
    steps: () => [
        ...openTask("maintenance"),
        { content: "The check generated today", trigger: ".o_md_scanner_record:first", run: "click" },
        { trigger: ".o_md_scanner_screen .o_md_scanner_line" },
    ],
});
