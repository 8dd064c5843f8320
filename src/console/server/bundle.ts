import { createHash } from "node:crypto";
import { fileURLToPath } from "node:url";
import { build, type Message } from "esbuild";

// The web app is bundled in memory when the console is mounted: no build step and no build output
// in the tree. The file names carry a hash of their content, so they can be cached for good while
// index.html (which names them) is never cached.

export interface WebBundle {
  /** `app.<hash>.js`. */
  readonly scriptName: string;
  readonly script: string;
  /** `app.<hash>.css`. */
  readonly styleName: string;
  readonly style: string;
  readonly indexHtml: string;
}

export class BundleError extends Error {
  override readonly name = "BundleError";
  readonly help = "fix the web app's sources (src/console/web); esbuild's messages are above";
}

const ENTRY = fileURLToPath(new URL("../web/main.tsx", import.meta.url));

const hash = (text: string): string => createHash("sha256").update(text).digest("hex").slice(0, 16);

function describe(messages: readonly Message[]): string {
  return messages
    .map(
      (m) =>
        `${m.location === null ? "" : `${m.location.file}:${m.location.line}:${m.location.column}: `}${m.text}`,
    )
    .join("\n");
}

function renderIndexHtml(scriptName: string, styleName: string): string {
  // No inline script or style anywhere: the CSP forbids both. The empty data: icon keeps browsers
  // from asking the cloud for /favicon.ico (a 404 in the browser console otherwise).
  return [
    "<!doctype html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    "<title>imageguard console</title>",
    '<link rel="icon" href="data:,">',
    `<link rel="stylesheet" href="/console/assets/${styleName}">`,
    `<script type="module" src="/console/assets/${scriptName}"></script>`,
    "</head>",
    "<body>",
    '<div id="app"></div>',
    "<noscript>The imageguard console needs JavaScript.</noscript>",
    "</body>",
    "</html>",
    "",
  ].join("\n");
}

export async function bundleWebApp(): Promise<WebBundle> {
  const result = await build({
    entryPoints: { app: ENTRY },
    bundle: true,
    write: false,
    outdir: "/console-assets",
    format: "esm",
    platform: "browser",
    target: ["chrome109", "firefox115", "safari16"],
    jsx: "automatic",
    jsxImportSource: "preact",
    minify: true,
    legalComments: "none",
    logLevel: "silent",
    define: { "process.env.NODE_ENV": '"production"' },
  }).catch((err: unknown) => {
    const errors = (err as { errors?: Message[] }).errors;
    throw new BundleError(
      `the console's web app did not build:\n${errors === undefined ? String(err) : describe(errors)}`,
    );
  });
  const script = result.outputFiles.find((file) => file.path.endsWith(".js"))?.text;
  const style = result.outputFiles.find((file) => file.path.endsWith(".css"))?.text ?? "";
  if (script === undefined) throw new BundleError("the console's web app built no script");
  const scriptName = `app.${hash(script)}.js`;
  const styleName = `app.${hash(style)}.css`;
  return { scriptName, script, styleName, style, indexHtml: renderIndexHtml(scriptName, styleName) };
}

let shared: Promise<WebBundle> | undefined;

/**
 * One bundle per process: the sources do not change while it runs, and tests mount many consoles.
 * A failed build is not kept, so the next mount tries again.
 */
export function sharedWebBundle(): Promise<WebBundle> {
  shared ??= bundleWebApp().catch((err: unknown) => {
    shared = undefined;
    throw err;
  });
  return shared;
}
