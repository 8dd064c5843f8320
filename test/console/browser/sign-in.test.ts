import { describe, expect, it } from "vitest";
import { useConsoleBrowser } from "./harness.js";

// Sign-in, the identity in the navigation, sign-out, and the errors a user sees.

describe("console sign-in", () => {
  const h = useConsoleBrowser();

  it("signs in as a demo persona and shows who is signed in; keeps no secret in the page", async () => {
    const page = h.page;
    const admin = await h.persona("security-admin");
    await h.signIn(page, admin);
    const identity = page.getByRole("region", { name: "Signed in as" });
    await expect.poll(() => identity.textContent()).toContain("security-admin");
    const text = (await identity.textContent()) ?? "";
    expect(text).toContain("RAM user");
    expect(text).toContain(`acs:ram::`);
    expect(await page.getByRole("button", { name: "Sign out" }).isVisible()).toBe(true);
    const stored = await page.evaluate(() =>
      JSON.stringify([{ ...localStorage }, { ...sessionStorage }, document.cookie]),
    );
    expect(stored).not.toContain(admin.accessKeySecret);
    // The session cookie is HttpOnly: the page's script cannot read it.
    expect(stored).not.toContain("imageguard_session");
    await h.screenshot(page, "sign-in-signed-in");
  });

  it("explains a wrong secret next to the form", async () => {
    const page = h.page;
    const admin = await h.persona("security-admin");
    await page.goto(`${h.consoleUrl}/sign-in`);
    await page.getByLabel("AccessKey ID").fill(admin.accessKeyId);
    await page.getByLabel("AccessKey secret").fill(`${admin.accessKeySecret}-wrong`);
    await page.getByRole("button", { name: "Sign in" }).click();
    const alert = page.getByRole("alert");
    await alert.waitFor();
    expect(await alert.textContent()).toContain("the AccessKey secret does not belong to this AccessKey id");
    expect(await alert.textContent()).toContain("SignInFailed");
    expect(await page.getByLabel("AccessKey ID").inputValue()).toBe(admin.accessKeyId);
    await h.screenshot(page, "sign-in-wrong-secret");
  });

  it("signs out and stays signed out after a reload", async () => {
    const page = h.page;
    await h.signIn(page, "default");
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("heading", { name: "Sign in to the imageguard console" }).waitFor();
    expect(await page.getByRole("status").first().textContent()).toContain("You are signed out.");
    await page.reload();
    await page.getByRole("heading", { name: "Sign in to the imageguard console" }).waitFor();
    expect(new URL(page.url()).pathname).toBe("/console/sign-in");
  });

  it("can be used with the keyboard alone", async () => {
    const page = h.page;
    const root = await h.persona("default");
    await page.goto(`${h.consoleUrl}/trail`);
    // The sign-in page focuses the first field and keeps where the user was going.
    await page.getByLabel("AccessKey ID").waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("access-key-id");
    await page.keyboard.type(root.accessKeyId);
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("access-key-secret");
    await page.keyboard.type(root.accessKeySecret);
    await page.keyboard.press("Enter");
    await page.getByRole("region", { name: "Signed in as" }).waitFor();
    await page.getByRole("heading", { name: "Audit trail", level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe("/console/trail");
    // Focus lands on the page's content, so Tab goes on to the page's own controls.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("main");
    // Refresh is disabled (and skipped by Tab) while the trail loads: wait for its first rows.
    await page.getByRole("table", { name: "Recorded calls" }).getByRole("row").nth(1).waitFor();
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Refresh");
  });

  it("fits a 1024 px wide screen: the navigation wraps above the content, nothing scrolls sideways", async () => {
    const page = await h.newPage({ viewport: { width: 1024, height: 700 } });
    await h.signIn(page, "security-admin");
    await page.getByRole("link", { name: "Audit trail" }).click();
    await page.getByRole("table", { name: "Recorded calls" }).getByRole("row").nth(1).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1024);
    const nav = await page.getByRole("navigation", { name: "Console" }).boundingBox();
    const main = await page.locator("#main").boundingBox();
    expect(nav !== null && main !== null && nav.y + nav.height <= main.y).toBe(true);
    await h.screenshot(page, "console-1024");
    await page.context().close();
  });

  it("fails a test when the page logs an error (the harness's own check)", async () => {
    const page = h.page;
    await page.goto(`${h.consoleUrl}/sign-in`);
    await page.evaluate(() => console.error("deliberate"));
    await expect.poll(() => h.takeProblems().map((p) => p.text)).toEqual(["deliberate"]);
  });
});
