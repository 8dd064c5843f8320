import { describe, expect, it } from "vitest";
import type { Locator, Page } from "playwright-core";
import { useConsoleBrowser } from "./harness.js";
import { DEVELOPER, developerWithoutDecode } from "./cloud-personas.js";

// Create instance, the brief's second step: a developer launches from a golden image (the picker
// starts among them), is refused an untagged image with the reason shown, and switches to a golden
// image in one click; the form works from the keyboard alone.

async function selectImage(page: Page, name: string): Promise<void> {
  const select = page.getByLabel("Image", { exact: true });
  await expect
    .poll(() => select.locator("option").allTextContents(), { timeout: 30_000 })
    .toContainEqual(expect.stringContaining(name));
  const value = await select.locator("option", { hasText: name }).first().getAttribute("value");
  await select.selectOption(value ?? "");
}

/** Presses Tab until `target` has the focus (at most `max` presses); fails otherwise. */
async function tabTo(page: Page, target: Locator, max = 60): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press("Tab");
  }
  throw new Error(`Tab never reached ${String(target)}`);
}

async function formReady(page: Page): Promise<void> {
  await expect
    .poll(() => page.getByLabel("Security group").inputValue(), { timeout: 30_000 })
    .toMatch(/^sg-/);
  await expect
    .poll(() => page.getByLabel("Instance type").inputValue(), { timeout: 30_000 })
    .toBe("ecs.g7.large");
}

describe("console launch page", () => {
  const h = useConsoleBrowser();

  it("launches a developer's instance from a golden image, shown compliant in Instances", async () => {
    const page = h.page;
    await h.signIn(page, DEVELOPER);
    await page.goto(`${h.consoleUrl}/launch`);
    await formReady(page);
    // The picker starts on the golden tags, so only golden images are offered (once listed).
    const image = page.getByLabel("Image", { exact: true });
    const golden = expect.stringMatching(/— golden$/);
    await expect
      .poll(() => image.locator("option").allTextContents(), { timeout: 30_000 })
      .toEqual([golden, golden]);
    await selectImage(page, "golden-ubuntu-22.04-v2");
    await page.getByLabel("Instance name").fill("console-golden-1");
    await page.getByRole("button", { name: "Launch" }).click();

    const result = page.getByRole("status", { name: "Launch result" });
    await expect.poll(() => result.textContent(), { timeout: 30_000 }).toMatch(/Launched instance i-/);
    await h.screenshot(page, "launch-golden-success");

    await result.getByRole("link", { name: "Show in Instances" }).click();
    const row = page
      .getByRole("table", { name: "Instances in cn-hangzhou" })
      .locator("tr", { hasText: "console-golden-1" });
    await expect.poll(() => row.textContent(), { timeout: 30_000 }).toContain("Running");
    await expect
      .poll(() => row.locator(".badge").allTextContents(), { timeout: 30_000 })
      .toContain("compliant");
  });

  it("refuses an untagged image with the decoded reason, then switches to a golden image in one click", async () => {
    const page = h.page;
    await h.signIn(page, DEVELOPER);
    await page.goto(`${h.consoleUrl}/launch`);
    await formReady(page);
    await page.getByRole("button", { name: "Show all images" }).click();
    await selectImage(page, "legacy-web-image");
    await page.getByLabel("Instance name").fill("console-untagged-1");
    await page.getByRole("button", { name: "Launch" }).click();

    const alert = page.getByRole("alert");
    await expect.poll(() => alert.textContent(), { timeout: 30_000 }).toContain("Access denied");
    const text = (await alert.textContent()) ?? "";
    expect(text).toContain("ecs:RunInstances");
    expect(text).toContain("Launching from legacy-web-image was refused");
    // The developer may decode its own denials (the demo's ExplainDenials policy): which policy and
    // statement refused it, where the policy is attached, and what the image lacks.
    expect(text).toContain(
      "Denied explicitly by control policy golden-image-guardrail, statement 1 DenyLaunchFromUnapprovedImages, attached to folder Production",
    );
    expect(text).toContain("The image legacy-web-image has no status tag (needs status=approved)");
    const lacks = alert.locator(".denial-lacks");
    expect(await lacks.locator("strong").textContent()).toBe("The image legacy-web-image lacks:");
    expect(await lacks.getByRole("listitem").allTextContents()).toEqual(
      expect.arrayContaining(["environment=production (absent)", "status=approved (absent)"]),
    );
    expect(text).not.toContain("ram:DecodeDiagnosticMessage");
    await h.screenshot(page, "launch-untagged-denied");

    await alert.getByRole("button", { name: "Switch to a golden image" }).click();
    const result = page.getByRole("status", { name: "Launch result" });
    await expect
      .poll(() => result.textContent())
      .toContain("Switched to the golden image golden-ubuntu-22.04-v2");
    // The rest of the form is kept.
    expect(await page.getByLabel("Instance name").inputValue()).toBe("console-untagged-1");
    expect(await page.getByRole("alert").count()).toBe(0);
    await page.getByRole("button", { name: "Launch" }).click();
    await expect
      .poll(() => result.textContent(), { timeout: 30_000 })
      .toMatch(/Launched instance i-.* from golden-ubuntu-22\.04-v2/);
    await h.screenshot(page, "launch-switched-success");
  });

  it("says what the image lacks, and what to ask for, when the user may not decode the refusal", async () => {
    const page = h.page;
    await h.signIn(page, await developerWithoutDecode(h, "developer-no-decode"));
    await page.goto(`${h.consoleUrl}/launch`);
    await formReady(page);
    await page.getByRole("button", { name: "Show all images" }).click();
    await selectImage(page, "legacy-web-image");
    await page.getByRole("button", { name: "Launch" }).click();

    const alert = page.getByRole("alert");
    await expect.poll(() => alert.textContent(), { timeout: 30_000 }).toContain("Access denied");
    const text = (await alert.textContent()) ?? "";
    expect(text).toContain("ecs:RunInstances");
    // AccessDeniedDetail alone: an explicit deny by a control policy, not which one.
    expect(text).toContain("Denied explicitly by a control policy.");
    expect(text).not.toContain("golden-image-guardrail");
    // What the image lacks, from its tags and the golden criteria; and the permission to ask for.
    expect(text).toContain("The image legacy-web-image is not golden");
    expect(text).toContain("lacks tag environment=production");
    expect(text).toContain("Ask an administrator for ram:DecodeDiagnosticMessage");
    expect(await alert.getByRole("button", { name: "Switch to a golden image" }).count()).toBe(1);
    await h.screenshot(page, "launch-untagged-denied-no-decode");
  });

  it("is operable with the keyboard alone", async () => {
    const page = h.page;
    await h.signIn(page, DEVELOPER);
    await page.goto(`${h.consoleUrl}/launch`);
    await formReady(page);

    // Widen the image filter and narrow it again with keys: Backspace drops the last chip, Enter adds.
    const chips = page.getByRole("textbox", { name: "Image tag filter" });
    await tabTo(page, chips);
    await page.keyboard.press("Backspace");
    await expect.poll(() => page.getByRole("button", { name: /^Remove tag / }).count()).toBe(2);
    await page.keyboard.type("environment=production");
    await page.keyboard.press("Enter");
    await expect.poll(() => page.getByRole("button", { name: /^Remove tag / }).count()).toBe(3);

    const image = page.getByLabel("Image", { exact: true });
    await tabTo(page, image);
    await page.keyboard.press("ArrowDown");
    const name = page.getByLabel("Instance name");
    await tabTo(page, name);
    await page.keyboard.type("console-keyboard-1");
    const launch = page.getByRole("button", { name: "Launch" });
    await tabTo(page, launch);
    await page.keyboard.press("Enter");
    const result = page.getByRole("status", { name: "Launch result" });
    await expect.poll(() => result.textContent(), { timeout: 30_000 }).toMatch(/Launched instance i-/);
  });
});
