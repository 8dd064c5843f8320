// The HTML report's two charts as inline SVG (no script, no external asset): a donut of the
// instances that are not golden by verdict (exempt ones included, as their own slice), and bars of each account's instances by verdict. Every label is escaped.
import type { AccountSummary, InstanceVerdict, ScanVerdict } from "../scan/types.js";
import { SCAN_VERDICTS, VERDICT_INFO } from "../scan/verdicts.js";
import { escapeHtml as esc } from "./text-safety.js";

export const VERDICT_COLOURS: Readonly<Record<ScanVerdict, string>> = {
  compliant: "#2e9e5b",
  "image-deleted": "#5b2a86",
  "untrusted-owner": "#c0392b",
  "disallowed-source": "#e0661b",
  "missing-tag": "#d4a017",
  "deprecated-past-grace": "#8e6c3a",
  "too-old": "#4f7cac",
  exempt: "#9aa5b1",
};

/** The circumference of a circle of this radius is 100, so dash lengths are percentages. */
const R = 15.91549430918954;

export function findingsDonut(byVerdict: Readonly<Record<ScanVerdict, number>>): string {
  const slices = SCAN_VERDICTS.filter((verdict) => verdict !== "compliant" && byVerdict[verdict] > 0).map(
    (verdict) => ({ verdict, count: byVerdict[verdict] }),
  );
  const total = slices.reduce((sum, slice) => sum + slice.count, 0);
  let offset = 0;
  const arcs = slices.map(({ verdict, count }) => {
    const share = (count / total) * 100;
    // Starts at 12 o'clock (a dash offset of 25) and runs clockwise.
    const arc =
      `<circle class="slice" cx="21" cy="21" r="${R}" fill="none" stroke="${VERDICT_COLOURS[verdict]}" stroke-width="6" ` +
      `stroke-dasharray="${fmt(share)} ${fmt(100 - share)}" stroke-dashoffset="${fmt(25 - offset)}">` +
      `<title>${esc(`${VERDICT_INFO[verdict].label}: ${count}`)}</title></circle>`;
    offset += share;
    return arc;
  });
  const legend = slices
    .map(
      ({ verdict, count }) =>
        `<li><span class="swatch" style="background:${VERDICT_COLOURS[verdict]}"></span>${esc(VERDICT_INFO[verdict].label)} <b>${count}</b></li>`,
    )
    .join("");
  return (
    `<svg class="donut" viewBox="0 0 42 42" role="img" aria-label="${esc(`${total} instances not golden, by verdict`)}">` +
    `<circle cx="21" cy="21" r="${R}" fill="none" stroke="#e6e9ed" stroke-width="6"></circle>` +
    arcs.join("") +
    `<text x="21" y="21" class="donut-total">${total}</text>` +
    `<text x="21" y="26" class="donut-label">not golden</text>` +
    `</svg>` +
    `<ul class="legend">${legend === "" ? "<li>every instance is golden</li>" : legend}</ul>`
  );
}

const BAR_WIDTH = 360;
const ROW_HEIGHT = 22;
const LABEL_WIDTH = 170;

export function accountBars(
  accounts: readonly AccountSummary[],
  instances: readonly InstanceVerdict[],
): string {
  const widest = Math.max(1, ...accounts.map((account) => account.instances));
  const rows = accounts.map((account, index) => {
    const y = index * ROW_HEIGHT;
    let x = LABEL_WIDTH;
    const segments = SCAN_VERDICTS.map((verdict) => {
      const count = instances.filter(
        (instance) => instance.accountId === account.accountId && instance.verdict === verdict,
      ).length;
      if (count === 0) return "";
      const width = (count / widest) * BAR_WIDTH;
      const rect =
        `<rect x="${fmt(x)}" y="${y + 4}" width="${fmt(width)}" height="${ROW_HEIGHT - 8}" fill="${VERDICT_COLOURS[verdict]}">` +
        `<title>${esc(`${account.name}: ${VERDICT_INFO[verdict].label} ${count}`)}</title></rect>`;
      x += width;
      return rect;
    }).join("");
    const label = account.name.length > 24 ? `${account.name.slice(0, 23)}…` : account.name;
    return (
      `<text x="${LABEL_WIDTH - 6}" y="${y + ROW_HEIGHT / 2 + 4}" class="bar-label">${esc(label)}</text>` +
      segments +
      `<text x="${fmt(x + 4)}" y="${y + ROW_HEIGHT / 2 + 4}" class="bar-count">${esc(`${account.findings} of ${account.instances}`)}</text>`
    );
  });
  const height = Math.max(ROW_HEIGHT, accounts.length * ROW_HEIGHT);
  return (
    `<svg class="bars" viewBox="0 0 ${LABEL_WIDTH + BAR_WIDTH + 60} ${height}" role="img" aria-label="instances by account and verdict">` +
    rows.join("") +
    `</svg>`
  );
}

function fmt(n: number): string {
  return Number(n.toFixed(3)).toString();
}
