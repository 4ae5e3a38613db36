/**
 * Steps shared by the scanner's tours. A wedge scanner types the code as fast keystrokes ending with
 * Enter; `scan` does the same on the page body, where Odoo's barcode service listens.
 */

export function typeScan(code) {
    for (const key of [...code, "Enter"]) {
        document.body.dispatchEvent(new KeyboardEvent("keydown", { key, bubbles: true }));
    }
}

export function openTask(key) {
    return [
        { content: `Open the task ${key}`, trigger: `.o_md_scanner_task[data-task=${key}]`, run: "click" },
        { trigger: ".o_md_scanner_records" },
    ];
}

export function openRecord(name) {
    return [
        {
            content: `Pick ${name}`,
            trigger: `.o_md_scanner_record:contains(${name})`,
            run: "click",
        },
        { trigger: ".o_md_scanner_screen" },
    ];
}

/** Scan `code`; the next step should wait for the outcome (expectAccepted / expectRefused). */
export function scan(code, content = undefined) {
    return {
        content: content || `Scan ${code}`,
        trigger: ".o_md_scanner:not(:has(.o_md_scanner_busy))",
        run: () => typeScan(code),
    };
}

export function expectAccepted(text) {
    return {
        content: `Accepted: ${text}`,
        trigger: `.o_md_scan_accepted .o_md_scanner_message:contains(${text})`,
    };
}

/** A refusal shows the reason (`text`, in the message or its list of problems) and flashes red. */
export function expectRefused(text) {
    return {
        content: `Refused: ${text}`,
        trigger: `.o_md_scan_refused:contains(${text})`,
    };
}

export function expectLine(title, qtyText) {
    return {
        content: `Line ${title} shows ${qtyText}`,
        trigger: `.o_md_scanner_line:has(.o_md_line_title:contains(${title})) .o_md_line_qty:contains(${qtyText})`,
    };
}

export function clickAction(key) {
    return { content: `Press ${key}`, trigger: `.o_md_scanner_actions button[name=${key}]:enabled`, run: "click" };
}

export function setMode(key) {
    return [
        { content: `Mode ${key}`, trigger: `.o_md_scanner_modes button[data-mode=${key}]`, run: "click" },
        { trigger: `.o_md_scanner_modes button[data-mode=${key}].active` },
    ];
}
