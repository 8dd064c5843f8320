// Browser tests of the console: a real cloud with the demo seed and the console mounted, driven by
// Debian's Chromium through playwright-core.
//
//   const h = useConsoleBrowser();            // in a describe/file: registers the hooks below
//   it("signs in", async () => {
//     await h.signIn(h.page, "security-admin");
//     await expect(h.page.getByRole("navigation", { name: "Console" })).toBeVisible() …
//     await h.screenshot(h.page, "signed-in");  // test-artifacts/console/signed-in.png
//   });
//
// One cloud (seeded once: it takes seconds) and one Chromium per test file; a fresh browser
// context (no cookies) and page per test. Every test fails when the page logged an error to the
// browser console or threw: checked after each test. The one exception is the browser's own
// "Failed to load resource" line for a 4xx answer of /console/api: those are the API's designed
// answers (NotSignedIn on the first visit, a cloud's 403 that the page then explains), which
// Chromium logs whatever the page does with them. A 5xx is never excused.
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import type { Credentials } from "../../cloud/harness.js";
import { startConsoleCloud, type ConsoleTestCloud } from "../server/harness.js";

export const CHROMIUM = "/usr/bin/chromium";
export const ARTIFACTS_DIR = resolve("test-artifacts", "console");
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
];

export interface BrowserProblem {
  readonly kind: "console" | "pageerror";
  readonly text: string;
  readonly url?: string;
}

export interface ConsoleBrowserHarness {
  readonly cloud: ConsoleTestCloud;
  /** `http://127.0.0.1:<port>/console`. */
  readonly consoleUrl: string;
  readonly browser: Browser;
  /** A page in a fresh context (its own cookies), watched for browser errors; 1280×720 unless told. */
  newPage(options?: {
    readonly viewport?: { readonly width: number; readonly height: number };
  }): Promise<Page>;
  /** A demo persona's AccessKey pair, by its profile name (`default`, `security-admin`, `app-storefront-developer`, …). */
  persona(name: string): Promise<Credentials>;
  /** Signs in through the sign-in page as a user would (labels, keyboard-free clicks), and waits for the console. */
  signIn(page: Page, persona: string | Credentials): Promise<void>;
  /** Saves a full-page PNG to test-artifacts/console/<name>.png; returns its path. */
  screenshot(page: Page, name: string): Promise<string>;
  /** Errors the pages logged since the last call (and forgets them). */
  takeProblems(): BrowserProblem[];
  close(): Promise<void>;
}

export interface StartConsoleBrowserOptions {
  /** Default `demo`. */
  readonly seed?: "demo" | "none";
  readonly viewport?: { readonly width: number; readonly height: number };
}

function isExcused(problem: BrowserProblem): boolean {
  if (problem.kind !== "console" || problem.url === undefined) return false;
  const status = /status of (\d{3})/.exec(problem.text)?.[1];
  return (
    problem.text.startsWith("Failed to load resource") &&
    status !== undefined &&
    status.startsWith("4") &&
    new URL(problem.url).pathname.startsWith("/console/api/")
  );
}

export async function startConsoleBrowser(
  options: StartConsoleBrowserOptions = {},
): Promise<ConsoleBrowserHarness> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `the browser tests need Chromium at ${CHROMIUM}, which is missing\nhelp: apt-get install -y chromium (.ci/run installs it)`,
    );
  }
  const cloud = await startConsoleCloud({ seed: options.seed ?? "demo" });
  let browser: Browser;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  } catch (err) {
    await cloud.close();
    throw err;
  }
  const consoleUrl = cloud.consoleUrl;
  const contexts: BrowserContext[] = [];
  let problems: BrowserProblem[] = [];

  const harness: ConsoleBrowserHarness = {
    cloud,
    consoleUrl,
    browser,
    async newPage(pageOptions = {}) {
      const context = await browser.newContext({
        viewport: pageOptions.viewport ?? options.viewport ?? { width: 1280, height: 720 },
        baseURL: cloud.origin,
      });
      contexts.push(context);
      const page = await context.newPage();
      page.on("console", (message) => {
        if (message.type() !== "error") return;
        const url = message.location().url;
        problems.push({ kind: "console", text: message.text(), ...(url === "" ? {} : { url }) });
      });
      page.on("pageerror", (error) =>
        problems.push({ kind: "pageerror", text: error.stack ?? error.message }),
      );
      return page;
    },
    persona: (name) => cloud.profile(name),
    async signIn(page, persona) {
      const creds = typeof persona === "string" ? await cloud.profile(persona) : persona;
      await page.goto(`${consoleUrl}/sign-in`);
      await page.getByLabel("AccessKey ID").fill(creds.accessKeyId);
      await page.getByLabel("AccessKey secret").fill(creds.accessKeySecret);
      if (creds.securityToken !== undefined) {
        await page.getByText("Temporary credentials (STS)").click();
        await page.getByLabel("Security token").fill(creds.securityToken);
      }
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.getByRole("region", { name: "Signed in as" }).waitFor();
    },
    async screenshot(page, name) {
      await mkdir(ARTIFACTS_DIR, { recursive: true });
      const file = join(ARTIFACTS_DIR, `${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
    takeProblems() {
      const taken = problems.filter((problem) => !isExcused(problem));
      problems = [];
      return taken;
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => undefined);
      await browser.close().catch(() => undefined);
      await cloud.close();
    },
  };
  return harness;
}

export interface ConsoleBrowserTest extends ConsoleBrowserHarness {
  /** This test's page (fresh context). */
  readonly page: Page;
}

/**
 * Registers the hooks of a browser test file: the harness before all tests, a fresh page before
 * each, the browser-error check after each (failing the test that caused them), close after all.
 */
export function useConsoleBrowser(options: StartConsoleBrowserOptions = {}): ConsoleBrowserTest {
  let harness: ConsoleBrowserHarness | undefined;
  let page: Page | undefined;
  const need = (): ConsoleBrowserHarness => {
    if (harness === undefined)
      throw new Error("the console browser harness did not start (see beforeAll's error)");
    return harness;
  };
  beforeAll(async () => {
    harness = await startConsoleBrowser(options);
  });
  beforeEach(async () => {
    page = await need().newPage();
  });
  afterEach(async () => {
    const current = page;
    page = undefined;
    await current?.context().close();
    const problems = harness?.takeProblems() ?? [];
    if (problems.length > 0) {
      throw new Error(
        `the browser reported ${problems.length} error(s):\n${problems
          .map((p) => `  [${p.kind}] ${p.text}${p.url === undefined ? "" : ` (${p.url})`}`)
          .join("\n")}`,
      );
    }
  });
  afterAll(async () => {
    await harness?.close();
  });
  return {
    get cloud() {
      return need().cloud;
    },
    get consoleUrl() {
      return need().consoleUrl;
    },
    get browser() {
      return need().browser;
    },
    get page() {
      if (page === undefined) throw new Error("no page: use h.page inside a test");
      return page;
    },
    newPage: (pageOptions) => need().newPage(pageOptions),
    persona: (name) => need().persona(name),
    signIn: (p, persona) => need().signIn(p, persona),
    screenshot: (p, name) => need().screenshot(p, name),
    takeProblems: () => need().takeProblems(),
    close: () => need().close(),
  };
}
