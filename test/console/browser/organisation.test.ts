import { describe, expect, it } from "vitest";
import { useConsoleBrowser } from "./harness.js";

// The organisation page: the Resource Directory tree with the control policies on each node, moved
// through with the keyboard; attach and detach through the cloud's API; a refusal explained.

describe("console organisation page", () => {
  const h = useConsoleBrowser();

  it("shows the folders, the accounts and the control policies on each node, and moves with the keyboard", async () => {
    const page = h.page;
    await h.signIn(page, "security-admin");
    await page.goto(`${h.consoleUrl}/organisation`);
    const tree = page.getByRole("tree", { name: "Resource directory" });
    const production = tree.getByRole("treeitem", {
      name: /^Production, folder, control policies: .*golden-image-guardrail/,
    });
    await production.waitFor();
    for (const folder of ["Security", "Development"]) {
      expect(await tree.getByRole("treeitem", { name: new RegExp(`^${folder}, folder, `) }).count()).toBe(1);
    }
    expect(await tree.getByRole("treeitem", { name: /^app-payments, account, / }).count()).toBe(1);
    expect(await tree.getByRole("treeitem", { name: /^management, management account, / }).count()).toBe(1);
    await h.screenshot(page, "organisation-tree");

    // Keyboard: Root has the tab stop; Left closes it, Right opens it, Down moves to the first child.
    const root = tree.getByRole("treeitem", { name: /^Root, root folder, / });
    await root.focus();
    expect(await root.getAttribute("aria-expanded")).toBe("true");
    await page.keyboard.press("ArrowLeft");
    await expect.poll(() => root.getAttribute("aria-expanded")).toBe("false");
    await page.keyboard.press("ArrowRight");
    await expect.poll(() => root.getAttribute("aria-expanded")).toBe("true");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Enter");
    const panel = page.getByRole("region", { name: /^Development|^Production|^Security|^management/ });
    await panel.waitFor();

    // Selecting Production shows its policies in the panel.
    await production.locator(".tree-row").first().click();
    const detail = page.getByRole("region", { name: /^Production/ });
    expect(await detail.getByRole("table").textContent()).toContain("golden-image-guardrail");
    expect(page.url()).toMatch(/\?node=fd-/);
  });

  it("attaches a control policy to a folder and detaches it again, after confirmation", async () => {
    const page = h.page;
    await h.signIn(page, "security-admin");
    await page.goto(`${h.consoleUrl}/organisation`);
    const tree = page.getByRole("tree", { name: "Resource directory" });
    const security = tree.getByRole("treeitem", { name: /^Security, folder, / });
    await security.locator(".tree-row").first().click();
    const panel = page.getByRole("region", { name: /^Security/ });
    const picker = panel.getByLabel("Control policy to attach to Security");
    await picker.getByRole("option", { name: /^golden-image-guardrail/ }).waitFor({ state: "attached" });
    await picker.selectOption({
      label: (await picker.getByRole("option", { name: /^golden-image-guardrail/ }).textContent()) ?? "",
    });
    await panel.getByRole("button", { name: "Attach", exact: true }).click();
    await expect
      .poll(() => page.getByRole("status", { name: "Organisation changes" }).textContent())
      .toBe("Attached golden-image-guardrail to Security.");
    await tree
      .getByRole("treeitem", { name: /^Security, folder, control policies: .*golden-image-guardrail/ })
      .waitFor();
    await h.screenshot(page, "organisation-attached");

    await panel.getByRole("button", { name: "Detach golden-image-guardrail" }).click();
    await panel.getByRole("button", { name: "Confirm detach golden-image-guardrail" }).click();
    await expect
      .poll(() => page.getByRole("status", { name: "Organisation changes" }).textContent())
      .toBe("Detached golden-image-guardrail from Security.");
    await expect.poll(() => security.getAttribute("aria-label")).not.toContain("golden-image-guardrail");
  });

  it("shows a developer why the directory cannot be read, instead of the tree", async () => {
    const page = h.page;
    await h.signIn(page, "app-storefront-developer");
    await page.goto(`${h.consoleUrl}/organisation`);
    const denial = page.getByRole("region", { name: "Access denied" });
    await denial.waitFor();
    expect(await denial.textContent()).toContain("resourcemanager:GetResourceDirectory");
    expect(await page.getByRole("tree").count()).toBe(0);
    await h.screenshot(page, "organisation-developer-denied");
  });
});
