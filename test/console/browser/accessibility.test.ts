import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { storefrontAdmin } from "./cloud-personas.js";
import { useConsoleBrowser } from "./harness.js";

// The console's quality bar on every page (issue item 9): each control has an accessible name (as
// Chromium itself computes it), one h1 and no skipped heading level, a visible focus ring on every
// Tab stop, no sideways scrolling at 1024 px, and the identity fitting the navigation however long
// it is. The harness fails any test after which the browser logged an error.

/** Roles a user operates: each needs a name a screen reader can say. */
const INTERACTIVE = new Set([
  "button",
  "checkbox",
  "combobox",
  "link",
  "listbox",
  "menuitem",
  "radio",
  "searchbox",
  "slider",
  "spinbutton",
  "switch",
  "tab",
  "textbox",
  "treeitem",
]);

interface AxNode {
  readonly ignored: boolean;
  readonly role?: { readonly value: string };
  readonly name?: { readonly value: string };
  readonly backendDOMNodeId?: number;
}

/**
 * Interactive elements without an accessible name, from Chromium's own accessibility tree; fails
 * when the page has hardly any controls (the check would then prove nothing).
 */
async function unnamedControls(page: Page): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { nodes } = (await cdp.send("Accessibility.getFullAXTree")) as { nodes: AxNode[] };
    const unnamed: string[] = [];
    const controls = nodes.filter((node) => !node.ignored && INTERACTIVE.has(node.role?.value ?? ""));
    expect(controls.length, `controls on ${page.url()}`).toBeGreaterThan(3);
    for (const node of controls) {
      const role = node.role?.value ?? "";
      if ((node.name?.value ?? "").trim() !== "") continue;
      const html =
        node.backendDOMNodeId === undefined
          ? ""
          : (
              (await cdp.send("DOM.getOuterHTML", { backendNodeId: node.backendDOMNodeId })) as {
                outerHTML: string;
              }
            ).outerHTML.slice(0, 160);
      unnamed.push(`${role}: ${html}`);
    }
    return unnamed;
  } finally {
    await cdp.detach();
  }
}

/** Heading levels in document order (visible headings only). */
function headingLevels(page: Page): Promise<number[]> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll<HTMLElement>("h1, h2, h3, h4, h5, h6"))
      .filter((el) => el.offsetParent !== null || el.getClientRects().length > 0)
      .map((el) => Number(el.tagName.slice(1))),
  );
}

/** Waits until the page has finished its first listings (no busy table, no "Listing…" option). */
async function settled(page: Page): Promise<void> {
  await page.getByRole("heading", { level: 1 }).first().waitFor();
  await expect
    .poll(
      () =>
        page
          .locator(
            "[aria-busy=true], option:has-text('Listing'), option:has-text('Loading'), :text-matches('^(Loading|Listing)[^.]*…$')",
          )
          .count(),
      { timeout: 30_000 },
    )
    .toBe(0);
}

/** The navigation's pages, as the page registry lists them. */
async function navPaths(page: Page): Promise<string[]> {
  const links = page.getByRole("navigation", { name: "Console" }).getByRole("link");
  const paths = await links.evaluateAll((els) => els.map((el) => el.getAttribute("href") ?? ""));
  expect(paths.length).toBeGreaterThanOrEqual(7);
  return paths;
}

interface FocusStop {
  readonly what: string;
  readonly ring: boolean;
  readonly inView: boolean;
}

/** Presses Tab `count` times from the top of the page; how each stop showed its focus. */
async function tabStops(page: Page, count: number): Promise<FocusStop[]> {
  // Tab starts from the focused element (or where the last one was): start from a focusable mark
  // at the very top, taken out again afterwards.
  await page.evaluate(() => {
    const mark = document.createElement("span");
    mark.id = "a11y-start";
    mark.tabIndex = -1;
    document.body.prepend(mark);
    mark.focus();
    window.scrollTo(0, 0);
  });
  const stops: FocusStop[] = [];
  for (let i = 0; i < count; i++) {
    await page.keyboard.press("Tab");
    const stop = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (el === null || el === document.body) return undefined;
      // The ring may be drawn on a part of the control (a tree item rings its row, not its subtree).
      const ringed = (candidate: Element): boolean => {
        const style = getComputedStyle(candidate);
        const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
        return outline || (style.boxShadow !== "none" && style.boxShadow !== "");
      };
      const ring = ringed(el) || Array.from(el.querySelectorAll(":scope > *")).some(ringed);
      const box = el.getBoundingClientRect();
      return {
        what: `${el.tagName.toLowerCase()}${el.id === "" ? "" : `#${el.id}`} "${(el.getAttribute("aria-label") ?? el.textContent ?? "").trim().slice(0, 40)}"`,
        ring,
        inView: box.width > 0 && box.height > 0 && box.bottom > 0 && box.top < window.innerHeight,
      };
    });
    if (stop === undefined) break;
    stops.push(stop);
  }
  await page.evaluate(() => document.getElementById("a11y-start")?.remove());
  return stops;
}

async function checkPage(page: Page, where: string): Promise<void> {
  expect(await unnamedControls(page), `${where}: controls without an accessible name`).toEqual([]);
  const levels = await headingLevels(page);
  expect(
    levels.filter((level) => level === 1),
    `${where}: h1 headings`,
  ).toHaveLength(1);
  expect(levels[0], `${where}: the first heading`).toBe(1);
  levels.forEach((level, i) => {
    const before = levels[i - 1] ?? 0;
    expect(
      level,
      `${where}: heading ${i + 1} (h${level} after h${before}) skips a level`,
    ).toBeLessThanOrEqual(before + 1);
  });
  const stops = await tabStops(page, 40);
  expect(stops.length, `${where}: Tab reaches controls`).toBeGreaterThan(3);
  expect(stops[0]?.what, `${where}: the first Tab stop`).toContain("Skip to content");
  expect(
    stops
      .filter((stop) => !stop.ring || !stop.inView)
      .map((stop) => `${stop.what}${stop.ring ? "" : " (no ring)"}${stop.inView ? "" : " (out of view)"}`),
    `${where}: Tab stops without a visible focus ring`,
  ).toEqual([]);
}

describe("console accessibility", () => {
  const h = useConsoleBrowser();

  it("the sign-in page: labelled controls, one h1, a visible focus ring", async () => {
    const page = h.page;
    await page.goto(`${h.consoleUrl}/sign-in`);
    await page.getByLabel("AccessKey ID").waitFor();
    expect(await unnamedControls(page)).toEqual([]);
    const levels = await headingLevels(page);
    expect(levels.filter((level) => level === 1)).toHaveLength(1);
    const stops = await tabStops(page, 6);
    expect(stops.length).toBeGreaterThan(2);
    expect(stops.filter((stop) => !stop.ring || !stop.inView).map((stop) => stop.what)).toEqual([]);
  });

  it("every page as security-admin at 1280×720: labelled controls, headings in order, focus visible", async () => {
    const page = h.page;
    await h.signIn(page, "security-admin");
    for (const path of await navPaths(page)) {
      await page.goto(`${h.cloud.origin}${path}`);
      await settled(page);
      await checkPage(page, path);
      await h.screenshot(page, `a11y-1280${path.replace(/\//g, "-")}`);
    }
  });

  it("every page as a developer, with the refusals it gets shown: labelled controls, headings in order", async () => {
    const page = h.page;
    await h.signIn(page, "app-storefront-developer");
    for (const path of await navPaths(page)) {
      await page.goto(`${h.cloud.origin}${path}`);
      await settled(page);
      await checkPage(page, `${path} (developer)`);
    }
  });

  it("the panels and sub-pages the tables open: labelled controls, headings in order, focus visible", async () => {
    const page = h.page;
    await h.signIn(page, "app-storefront-developer");
    // An image's tag editor, with a refused change explained in it.
    await page.goto(`${h.consoleUrl}/images?owner=self`);
    await page.getByRole("button", { name: "Edit tags of legacy-web-image" }).click();
    const editor = page.getByRole("region", { name: /^Tags of legacy-web-image/ });
    await editor.getByLabel("Tag key").fill("environment");
    await editor.getByRole("button", { name: "Add tag" }).click();
    await editor.getByRole("alert").waitFor();
    await checkPage(page, "images: tag editor with a denial");
    // A refused launch, with its explanation and the switch to a golden image.
    await page.goto(`${h.consoleUrl}/launch`);
    await settled(page);
    await page.getByRole("button", { name: "Show all images" }).click();
    const image = page.getByLabel("Image", { exact: true });
    await expect
      .poll(() => image.locator("option").allTextContents(), { timeout: 30_000 })
      .toContainEqual(expect.stringContaining("legacy-web-image"));
    await image.selectOption({
      label: (await image.locator("option", { hasText: "legacy-web-image" }).textContent()) ?? "",
    });
    await page.getByRole("button", { name: "Launch" }).click();
    await page.getByRole("alert").getByRole("button", { name: "Switch to a golden image" }).waitFor();
    await checkPage(page, "launch: a refused launch");
    // An instance's panel.
    await page.goto(`${h.consoleUrl}/instances`);
    await page.getByRole("button", { name: "Manage web-2" }).click();
    await page.getByRole("region", { name: /^web-2 / }).waitFor();
    await checkPage(page, "instances: an instance's panel");

    // A finding, with its remediation plan, as security-admin after a scan.
    const admin = await h.newPage();
    await h.signIn(admin, "security-admin");
    await admin.goto(`${h.consoleUrl}/compliance`);
    await admin.getByRole("button", { name: "Run a scan" }).click();
    await expect
      .poll(() => admin.getByRole("status", { name: "Scan progress" }).textContent(), { timeout: 60_000 })
      .toMatch(/^Scan finished at /);
    await checkPage(admin, "compliance: after a scan");
    await admin.getByLabel("Filter findings").fill("legacy-web");
    const table = admin.getByRole("table", { name: "Findings" });
    await expect.poll(() => table.locator("tbody tr").first().textContent()).toContain("legacy-web");
    await table.locator("tbody tr").first().click();
    await admin.getByRole("heading", { name: "Finding: legacy-web", level: 1 }).waitFor();
    await admin.getByRole("button", { name: "Preview the remediation plan" }).click();
    await admin.getByRole("region", { name: "Remediation plan" }).waitFor();
    await checkPage(admin, "compliance: a finding and its remediation plan");
    // The simulator's result and explain tree.
    await admin.goto(`${h.consoleUrl}/policies`);
    await admin.getByLabel("Action").fill("ecs:RunInstances");
    await admin.getByLabel("Resource ARNs").fill("acs:ecs:cn-hangzhou:1200000000000001:image/m-untagged");
    await admin.getByRole("button", { name: "Simulate" }).click();
    await admin.getByRole("tree", { name: "Explain tree" }).waitFor();
    await checkPage(admin, "policies: a simulation");
    await admin.context().close();
  });

  it("no page scrolls sideways at 1024×768, tables included", async () => {
    const page = await h.newPage({ viewport: { width: 1024, height: 768 } });
    await h.signIn(page, "security-admin");
    for (const path of await navPaths(page)) {
      await page.goto(`${h.cloud.origin}${path}`);
      await settled(page);
      const overflow = await page.evaluate(() =>
        [document.documentElement, ...Array.from(document.querySelectorAll(".data-table-scroll"))].map(
          (el) => el.scrollWidth - el.clientWidth,
        ),
      );
      expect(Math.max(...overflow), `${path} is wider than the window`).toBeLessThanOrEqual(0);
      await h.screenshot(page, `a11y-1024${path.replace(/\//g, "-")}`);
    }
    await page.context().close();
  });

  it("keeps a long role-session identity inside the navigation, with its full text available", async () => {
    const sessionName = "console-a-rather-long-session-name-for-the-sidebar";
    const principal = `ResourceDirectoryAccountAccessRole/${sessionName}`;
    for (const width of [1280, 1024]) {
      const page = await h.newPage({ viewport: { width, height: 768 } });
      await h.signIn(page, await storefrontAdmin(h, sessionName));
      const identity = page.getByRole("region", { name: "Signed in as" });
      // The whole name is in the page (what a screen reader reads) and in the tooltip.
      expect(await identity.textContent()).toContain(principal);
      expect(await identity.locator(".identity-name").getAttribute("title")).toBe(
        `Role session ${principal}`,
      );
      // Nothing of the identity reaches past the navigation's edge (it is cut short with an ellipsis).
      const spill = await page.evaluate(() => {
        const header = document.querySelector(".header")?.getBoundingClientRect();
        const parts = Array.from(document.querySelectorAll(".identity, .identity *"));
        return parts
          .filter((el) => {
            const box = el.getBoundingClientRect();
            return header !== undefined && box.width > 0 && box.right > header.right + 0.5;
          })
          .map((el) => el.className);
      });
      expect(spill, `identity at ${width} px`).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      await h.screenshot(page, `a11y-identity-${width}`);
      await page.context().close();
    }
  });
});
