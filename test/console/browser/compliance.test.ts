import { describe, expect, it } from "vitest";
import { useConsoleBrowser } from "./harness.js";

// The compliance page: a scan run from the console as security-admin, the summary with its charts,
// the findings table and its filters, a finding's detail; the root's refusal explained.

describe("console compliance page", () => {
  const h = useConsoleBrowser();

  it("explains to the management root that it may not scan, and whom to sign in as", async () => {
    const page = h.page;
    await h.signIn(page, "default");
    await page.goto(`${h.consoleUrl}/compliance`);
    await page.getByRole("button", { name: "Run a scan" }).click();
    const failure = page.getByRole("alert").filter({ hasText: "Scanning:" });
    await failure.waitFor();
    expect(await failure.textContent()).toContain("refuses AssumeRole to root identities");
    expect(await failure.textContent()).toContain("security-admin");
    await h.screenshot(page, "compliance-root-refused");
  });

  it("runs a scan as security-admin, charts the findings, filters them and opens one", async () => {
    const page = h.page;
    await h.signIn(page, "security-admin");
    await page.goto(`${h.consoleUrl}/compliance`);
    await page.getByText("No scan has been recorded yet").waitFor();
    await page.getByRole("button", { name: "Run a scan" }).click();
    const progress = page.getByRole("status", { name: "Scan progress" });
    await expect
      .poll(() => progress.textContent(), { timeout: 60_000 })
      .toMatch(/^Scan finished at .*: \d+ instances/);

    const byVerdict = page.getByRole("img", { name: /^Open findings by verdict/ });
    await byVerdict.waitFor();
    expect(await page.getByRole("img", { name: /^Open findings by account/ }).count()).toBe(1);
    expect(await page.getByRole("img", { name: /^Findings over time/ }).count()).toBe(1);
    const table = page.getByRole("table", { name: "Findings" });
    await table.getByRole("row").nth(1).waitFor();
    const rows = await table.locator("tbody tr").count();
    expect(rows).toBeGreaterThan(1);
    await h.screenshot(page, "compliance-summary");

    // Filters live in the URL and narrow the rows.
    await page.getByLabel("Filter by verdict").selectOption("exempt");
    await expect.poll(() => page.url()).toContain("verdict=exempt");
    await expect.poll(() => table.locator("tbody tr").first().textContent()).toContain("batch-1");
    expect(await table.locator("tbody tr").count()).toBe(1);

    // Enter on a row opens the finding.
    await table.locator("tbody tr").first().focus();
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "Finding: batch-1", level: 1 }).waitFor();
    const details = page.getByRole("region", { name: "Finding details" });
    const text = (await details.textContent()) ?? "";
    expect(text).toContain("Exempt until 2027-12-31");
    expect(text).toContain("storefront-legacy-batch");
    expect(text).toContain("First seen");
    expect(page.url()).toMatch(/\/console\/compliance\/findings\/\d+\/cn-hangzhou\/i-/);
    await h.screenshot(page, "compliance-finding");

    await page.getByRole("link", { name: "Back to the findings" }).click();
    await table.waitFor();
  });

  it("previews the remediation of a production finding and applies it after confirmation", async () => {
    const page = h.page;
    await h.signIn(page, "security-admin");
    await page.goto(`${h.consoleUrl}/compliance`);
    await page.getByRole("button", { name: "Run a scan" }).click();
    const progress = page.getByRole("status", { name: "Scan progress" });
    await expect.poll(() => progress.textContent(), { timeout: 60_000 }).toMatch(/^Scan finished at /);

    const table = page.getByRole("table", { name: "Findings" });
    await page.getByLabel("Filter findings").fill("legacy-web");
    await expect.poll(() => table.locator("tbody tr").first().textContent()).toContain("legacy-web");
    expect(await table.locator("tbody tr").count()).toBe(1);
    await table.locator("tbody tr").first().click();
    await page.getByRole("heading", { name: "Finding: legacy-web", level: 1 }).waitFor();

    await page.getByRole("button", { name: "Preview the remediation plan" }).click();
    const plan = page.getByRole("region", { name: "Remediation plan" });
    await plan.waitFor();
    const text = (await plan.textContent()) ?? "";
    expect(text).toContain("planned");
    expect(text).toContain("ReplaceSystemDisk");
    expect(text).toContain("DATA-LOSS");
    await h.screenshot(page, "compliance-remediation-plan");

    await plan.getByRole("button", { name: "Apply this plan…" }).click();
    const confirm = page.getByRole("group", { name: "Confirm the remediation" });
    expect(await confirm.textContent()).toContain("ERASING its system disk");
    await confirm.getByRole("button", { name: "Confirm and apply" }).click();
    const outcome = page.getByRole("status", { name: "Remediation progress" });
    await expect
      .poll(() => outcome.textContent(), { timeout: 60_000 })
      .toMatch(/^Remediation succeeded: 3 step\(s\) succeeded/);
    await page.getByRole("list", { name: "Verification" }).getByText("resolved").waitFor();
    await h.screenshot(page, "compliance-remediation-applied");
  });

  it("shows the planner's CLI options as the page's controls, and sets one in a click", async () => {
    const page = h.page;
    await h.signIn(page, "security-admin");
    await page.goto(`${h.consoleUrl}/compliance`);
    await page.getByRole("button", { name: "Run a scan" }).click();
    await expect
      .poll(() => page.getByRole("status", { name: "Scan progress" }).textContent(), { timeout: 60_000 })
      .toMatch(/^Scan finished at /);
    // dev-box is in dev-playground, an audit scope: remediated only when asked to include audit scopes.
    await page.getByLabel("Filter findings").fill("dev-box");
    const table = page.getByRole("table", { name: "Findings" });
    await expect.poll(() => table.locator("tbody tr").first().textContent()).toContain("dev-box");
    await table.locator("tbody tr").first().click();
    await page.getByRole("heading", { name: "Finding: dev-box", level: 1 }).waitFor();
    await page.getByRole("button", { name: "Preview the remediation plan" }).click();
    const plan = page.getByRole("region", { name: "Remediation plan" });
    await expect.poll(() => plan.textContent()).toContain("skipped");
    // The planner's `--include-audit` is the page's checkbox, by its label.
    expect(await plan.textContent()).toContain("pass “Include audit and unscoped accounts” to remediate");
    expect(await plan.textContent()).not.toContain("--include-audit");
    const checkbox = page.getByRole("checkbox", { name: "Include audit and unscoped accounts" });
    expect(await checkbox.isChecked()).toBe(false);
    await plan.getByRole("button", { name: "“Include audit and unscoped accounts”" }).click();
    expect(await checkbox.isChecked()).toBe(true);
    expect(await checkbox.evaluate((el) => el === document.activeElement)).toBe(true);
    await h.screenshot(page, "compliance-remediation-option");

    // No golden Debian image exists: blocked, and the help's `--strategy stop` is the strategy choice.
    await page.getByRole("button", { name: "Preview the remediation plan" }).click();
    await expect.poll(() => plan.textContent()).toContain("blocked");
    const strategy = page.getByLabel("Strategy");
    await plan.getByRole("button", { name: "“Strategy: Stop the instance”" }).click();
    expect(await strategy.inputValue()).toBe("stop");
    expect(await strategy.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.getByRole("button", { name: "Preview the remediation plan" }).click();
    await expect.poll(() => plan.textContent()).toMatch(/Plan for dev-box: ?planned/);
  });
});
