import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { RamModule } from "../../cloud/harness.js";
import { useConsoleBrowser } from "./harness.js";
import { DEVELOPER, storefrontAdmin } from "./cloud-personas.js";

// Instances: a compliance badge per instance (the scan's verdict words), and the repair of a
// non-compliant one — stop, replace the system disk with a golden image, start — with each state
// shown; a developer without the permission gets the refusal explained where it happened.

function row(page: Page, name: string) {
  // By the name cell alone: other rows mention the name too (batch-1 runs `legacy-web-image`).
  const exact = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`);
  return page
    .getByRole("table", { name: "Instances in cn-hangzhou" })
    .locator("tbody tr")
    .filter({ has: page.locator(".row-name", { hasText: exact }) });
}

async function badges(page: Page, name: string): Promise<string[]> {
  return row(page, name).locator(".badge").allTextContents();
}

describe("console instances page", () => {
  const h = useConsoleBrowser();

  it("stops a non-compliant instance, replaces its system disk with a golden image and starts it", async () => {
    const page = h.page;
    await h.signIn(page, await storefrontAdmin(h, "console-instances"));
    await page.goto(`${h.consoleUrl}/instances`);
    await expect.poll(() => badges(page, "legacy-web"), { timeout: 30_000 }).toContain("Running");
    // From Alibaba's public Ubuntu image: not golden, in the scan's words.
    expect(await badges(page, "legacy-web")).not.toContain("compliant");
    await expect.poll(() => badges(page, "web-1"), { timeout: 30_000 }).toContain("compliant");
    await h.screenshot(page, "instances-before-repair");

    await page.getByRole("button", { name: "Manage legacy-web" }).click();
    const panel = page.getByRole("region", { name: /^legacy-web / });
    // ReplaceSystemDisk needs a stopped instance: the panel says so and offers to stop first.
    expect(await panel.getByRole("button", { name: "Replace system disk" }).isDisabled()).toBe(true);
    expect(await panel.textContent()).toContain("replaces the system disk of a stopped instance only");
    await panel.getByRole("button", { name: "Stop legacy-web first" }).click();
    const actions = panel.getByRole("status", { name: "Instance actions" });
    await expect.poll(() => actions.textContent(), { timeout: 30_000 }).toContain("legacy-web is Stopped");
    await expect.poll(() => badges(page, "legacy-web"), { timeout: 30_000 }).toContain("Stopped");

    // The suggested golden image is the newest of the same system (Ubuntu).
    const target = panel.getByLabel("Golden image for the new system disk");
    await expect
      .poll(async () => (await target.locator("option:checked").textContent()) ?? "", { timeout: 30_000 })
      .toContain("golden-ubuntu-22.04-v2");
    await panel.getByRole("button", { name: "Replace system disk" }).click();
    await expect
      .poll(() => actions.textContent(), { timeout: 30_000 })
      .toContain("now comes from golden-ubuntu-22.04-v2");

    await panel.getByRole("button", { name: "Start instance" }).click();
    await expect.poll(() => actions.textContent(), { timeout: 30_000 }).toContain("legacy-web is Running");
    await expect
      .poll(() => badges(page, "legacy-web"), { timeout: 30_000 })
      .toEqual(["Running", "compliant"]);
    await h.screenshot(page, "instances-after-repair");
  });

  it("explains a developer's refused stop next to the button", async () => {
    const page = h.page;
    await h.signIn(page, DEVELOPER);
    await page.goto(`${h.consoleUrl}/instances?status=Running`);
    await expect.poll(() => badges(page, "web-2"), { timeout: 30_000 }).toContain("Running");
    await page.getByRole("button", { name: "Manage web-2" }).click();
    const panel = page.getByRole("region", { name: /^web-2 / });
    await panel.getByRole("button", { name: "Stop instance" }).click();
    const alert = panel.getByRole("alert");
    await expect.poll(() => alert.textContent(), { timeout: 30_000 }).toContain("Access denied");
    expect(await alert.textContent()).toContain("Stopping web-2 was refused");
    expect(await alert.textContent()).toContain("ecs:StopInstance");
    // Still running: the state shown is the cloud's.
    expect(await badges(page, "web-2")).toContain("Running");
    await h.screenshot(page, "instances-stop-denied");
  });

  it("shows the refusal instead of the table when the user may not list instances", async () => {
    // A RAM user of the management account with no policy at all.
    const ram = h.cloud.t.ram(await h.persona("default"));
    await ram.createUser(new RamModule.CreateUserRequest({ userName: "console-nobody" }));
    const key = (
      await ram.createAccessKey(new RamModule.CreateAccessKeyRequest({ userName: "console-nobody" }))
    ).body?.accessKey;
    const page = h.page;
    await h.signIn(page, {
      accessKeyId: key?.accessKeyId ?? "",
      accessKeySecret: key?.accessKeySecret ?? "",
    });
    await page.goto(`${h.consoleUrl}/instances`);
    const alert = page.getByRole("alert");
    await expect
      .poll(() => alert.textContent(), { timeout: 30_000 })
      .toContain("Listing instances was refused");
    expect(await alert.textContent()).toContain("ecs:DescribeInstances");
    expect(await page.getByRole("table").count()).toBe(0);
    // The region list is refused too: the page still works in the session's region and says why.
    await expect.poll(() => page.getByText(/regions could not be listed/).count()).toBe(1);
  });

  it("fits a 1024-pixel-wide laptop screen without scrolling sideways", async () => {
    const page = h.page;
    await page.setViewportSize({ width: 1024, height: 720 });
    await h.signIn(page, DEVELOPER);
    for (const path of ["images", "launch", "instances"]) {
      await page.goto(`${h.consoleUrl}/${path}`);
      await page.getByRole("heading", { level: 1 }).waitFor();
      await expect
        .poll(() => page.locator("[aria-busy=true], option:has-text('Listing')").count(), { timeout: 30_000 })
        .toBe(0);
      // Neither the page nor a table (which scrolls inside its own box) is wider than the window.
      const overflow = await page.evaluate(() =>
        [document.documentElement, ...Array.from(document.querySelectorAll(".data-table-scroll"))].map(
          (el) => el.scrollWidth - el.clientWidth,
        ),
      );
      expect(Math.max(...overflow), `/console/${path} is wider than the window`).toBeLessThanOrEqual(0);
      await h.screenshot(page, `cloud-pages-1024-${path}`);
    }
  });
});
