import { describe, expect, it } from "vitest";
import { developerWithoutDecode, memberAdmin } from "./cloud-personas.js";
import { useConsoleBrowser } from "./harness.js";

// The Images page, as the brief's developer uses it: find the golden images with a tag filter of
// several chips (DescribeImages Tag.N, filtered by the cloud), and be refused a tag change on an
// image with the refusal explained next to the tag editor.

const DEVELOPER = "app-storefront-developer";

describe("console images page", () => {
  const h = useConsoleBrowser();

  it("narrows the listing to the golden images with two tag chips", async () => {
    const page = h.page;
    await h.signIn(page, DEVELOPER);
    await page.goto(`${h.consoleUrl}/images`);
    const table = page.getByRole("table", { name: /^Images in cn-hangzhou/ });
    const rows = table.locator("tbody tr");
    await expect.poll(() => table.textContent(), { timeout: 30_000 }).toContain("legacy-web-image");
    const before = await rows.count();
    // Alibaba's public images, the two golden images shared with the account, its own untagged one.
    expect(before).toBeGreaterThan(2);

    const filter = page.getByRole("textbox", { name: "Tag filter" });
    await filter.fill("status=approved");
    await filter.press("Enter");
    await filter.fill("environment=production");
    await filter.press("Enter");

    await expect
      .poll(async () => (await table.getAttribute("aria-busy")) === "false" && (await rows.count()), {
        timeout: 30_000,
      })
      .toBe(2);
    const names = await rows.locator(".row-name").allTextContents();
    expect(names.sort()).toEqual(["golden-alinux-3-v1", "golden-ubuntu-22.04-v2"]);
    for (const row of await rows.all()) {
      expect(await row.textContent()).toContain("golden");
      expect(await row.textContent()).toContain("others");
    }
    // The filter is the page's state: in the URL, so the filtered listing can be reloaded and shared.
    expect(decodeURIComponent(page.url())).toContain("tag=status=approved&tag=environment=production");
    await h.screenshot(page, "images-golden-filter");

    await page.getByRole("button", { name: "Remove tag status=approved" }).click();
    await expect
      .poll(async () => (await table.getAttribute("aria-busy")) === "false" && (await rows.count()), {
        timeout: 30_000,
      })
      .toBe(2);
    await page.getByRole("button", { name: "Clear tag filter" }).click();
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(before);
  });

  it("explains a developer's refused image tag change next to the tag editor", async () => {
    const page = h.page;
    await h.signIn(page, DEVELOPER);
    await page.goto(`${h.consoleUrl}/images?owner=self`);
    await page.getByRole("button", { name: "Edit tags of legacy-web-image" }).click();
    const editor = page.getByRole("region", { name: /^Tags of legacy-web-image/ });
    await editor.getByLabel("Tag key").fill("environment");
    await editor.getByLabel("Tag value").fill("production");
    await editor.getByRole("button", { name: "Add tag" }).click();

    const alert = editor.getByRole("alert");
    await expect.poll(() => alert.textContent(), { timeout: 30_000 }).toContain("Access denied");
    const text = (await alert.textContent()) ?? "";
    expect(text).toContain("ecs:TagResources");
    expect(text).toContain("Setting tag environment=production on legacy-web-image was refused");
    // The Production folder's guardrail denies image tag changes, and the developer may decode the
    // refusal (the demo's ExplainDenials policy): the page names the policy and its statement.
    expect(text).toContain(
      "Denied explicitly by control policy golden-image-guardrail, statement 2 DenyImageTagChanges, attached to folder Production",
    );
    expect(text).not.toContain("ram:DecodeDiagnosticMessage");
    // What was typed stays, to be corrected or tried by someone who may.
    expect(await editor.getByLabel("Tag key").inputValue()).toBe("environment");
    await h.screenshot(page, "images-tag-change-denied");

    // Nothing changed.
    await page.goto(`${h.consoleUrl}/images?owner=self`);
    const table = page.getByRole("table", { name: /^Images in cn-hangzhou/ });
    await expect.poll(() => table.textContent(), { timeout: 30_000 }).toContain("legacy-web-image");
    expect(await table.textContent()).not.toContain("environment=production");
  });

  it("says what to ask for when the user may not decode the refused tag change", async () => {
    const page = h.page;
    await h.signIn(page, await developerWithoutDecode(h, "developer-no-decode"));
    await page.goto(`${h.consoleUrl}/images?owner=self`);
    await page.getByRole("button", { name: "Edit tags of legacy-web-image" }).click();
    const editor = page.getByRole("region", { name: /^Tags of legacy-web-image/ });
    await editor.getByLabel("Tag key").fill("environment");
    await editor.getByLabel("Tag value").fill("production");
    await editor.getByRole("button", { name: "Add tag" }).click();

    const alert = editor.getByRole("alert");
    await expect.poll(() => alert.textContent(), { timeout: 30_000 }).toContain("Access denied");
    const text = (await alert.textContent()) ?? "";
    expect(text).toContain("ecs:TagResources");
    expect(text).toContain("Denied explicitly by a control policy.");
    expect(text).not.toContain("DenyImageTagChanges");
    expect(text).toContain("Ask an administrator for ram:DecodeDiagnosticMessage");
  });

  it("disables tag editing on a shared image and says why", async () => {
    const page = h.page;
    await h.signIn(page, DEVELOPER);
    await page.goto(`${h.consoleUrl}/images?owner=others`);
    await page.getByRole("button", { name: "Edit tags of golden-ubuntu-22.04-v2" }).click();
    const editor = page.getByRole("region", { name: /^Tags of golden-ubuntu-22.04-v2/ });
    await expect.poll(() => editor.textContent()).toContain("only its owner can change its tags");
    expect(await editor.getByRole("button", { name: "Add tag" }).isDisabled()).toBe(true);
    expect(await editor.getByRole("button", { name: "Remove tag status" }).isDisabled()).toBe(true);
  });

  it("opens Create instance with the image chosen from the listing", async () => {
    const page = h.page;
    await h.signIn(page, DEVELOPER);
    await page.goto(`${h.consoleUrl}/images?owner=self`);
    await page.getByRole("link", { name: "Launch from legacy-web-image" }).click();
    await expect.poll(() => page.url()).toContain("/console/launch?");
    const image = page.getByLabel("Image", { exact: true });
    await expect
      .poll(async () => (await image.locator("option:checked").textContent()) ?? "", { timeout: 30_000 })
      .toContain("legacy-web-image");
    // Chosen on purpose, so the picker does not narrow to the golden images over it.
    expect(await page.getByRole("button", { name: /^Remove tag / }).count()).toBe(0);
  });

  it("changes an image's tags where the policies allow it", async () => {
    // The image factory's folder has no guardrail: its administrator may tag its own images.
    const page = h.page;
    await h.signIn(page, await memberAdmin(h, "image-factory", "console-tags"));
    await page.goto(`${h.consoleUrl}/images?owner=self`);
    await page.getByRole("button", { name: "Edit tags of golden-alinux-3-v1" }).click();
    const editor = page.getByRole("region", { name: /^Tags of golden-alinux-3-v1/ });
    await editor.getByLabel("Tag key").fill("owner-team");
    await editor.getByLabel("Tag value").fill("security");
    await editor.getByRole("button", { name: "Add tag" }).click();
    const result = editor.getByRole("status", { name: "Tag changes" });
    await expect
      .poll(() => result.textContent(), { timeout: 30_000 })
      .toContain("Tag owner-team=security set");
    const row = page
      .getByRole("table", { name: /^Images in/ })
      .locator("tbody tr", { hasText: "golden-alinux-3-v1" });
    await expect.poll(() => row.textContent(), { timeout: 30_000 }).toContain("owner-team=security");

    await editor.getByRole("button", { name: "Remove tag owner-team" }).click();
    await expect.poll(() => result.textContent(), { timeout: 30_000 }).toContain("Tag owner-team removed");
    await expect.poll(() => row.textContent(), { timeout: 30_000 }).not.toContain("owner-team");
    expect(await row.textContent()).toContain("golden");
  });
});
