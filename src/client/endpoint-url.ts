import type { EndpointSetting } from "./connection-types.js";
import type { ConnectionProblem } from "./errors.js";
import { locate, syntaxErrorPosition, type Parsed } from "./aliyun-config.js";

// One endpoint for every product (the local cloud, or anything that speaks Alibaba's protocol on one
// address): `--endpoint URL`, IMAGEGUARD_ENDPOINT, or the `endpoint.json` that `imageguard serve`
// writes next to its credentials.json ({"url": "http://127.0.0.1:8930"}).

/** The file `imageguard serve` writes into its data directory. */
export const ENDPOINT_FILE = "endpoint.json";

type Single = Extract<EndpointSetting, { kind: "single" }>;

export function parseEndpointUrl(
  value: string,
  chosenBy: Single["chosenBy"],
  where: Pick<ConnectionProblem, "file" | "path" | "line" | "column"> & { readonly what: string },
): Parsed<Single> {
  const problem = (message: string): Parsed<Single> => ({
    ok: false,
    problems: [
      {
        code: "invalid-endpoint",
        message: `${where.what} \`${value}\` ${message}`,
        help: "write it as a URL with its scheme and port, e.g. http://127.0.0.1:8930",
        ...(where.file === undefined ? {} : { file: where.file }),
        ...(where.path === undefined ? {} : { path: where.path }),
        ...(where.line === undefined ? {} : { line: where.line }),
        ...(where.column === undefined ? {} : { column: where.column }),
      },
    ],
  });
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return problem("is not a URL");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return problem("is neither http nor https");
  if (url.username !== "" || url.password !== "") return problem("carries a user name or password");
  if ((url.pathname !== "/" && url.pathname !== "") || url.search !== "" || url.hash !== "") {
    return problem("has a path, query or fragment; the endpoint is a host and port only");
  }
  return {
    ok: true,
    value: {
      kind: "single",
      url: `${url.protocol}//${url.host}`,
      host: url.host,
      protocol: url.protocol === "http:" ? "http" : "https",
      chosenBy,
    },
  };
}

/** The `endpoint.json` of a local cloud's data directory. */
export function parseEndpointFile(text: string, file: string): Parsed<Single> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    return {
      ok: false,
      problems: [
        {
          code: "endpoint-file-invalid",
          message: `\`${file}\` is not valid JSON`,
          help: "restart the local cloud (`npm start`) to write it again, or pass --endpoint",
          file,
          ...syntaxErrorPosition(err, text),
        },
      ],
    };
  }
  const url =
    typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>)["url"] : undefined;
  if (typeof url !== "string") {
    return {
      ok: false,
      problems: [
        {
          code: "endpoint-file-invalid",
          message: `\`${file}\` has no \`url\``,
          help: "restart the local cloud (`npm start`) to write it again, or pass --endpoint",
          file,
          path: "url",
          line: 1,
          column: 1,
        },
      ],
    };
  }
  return parseEndpointUrl(url, "local-cloud", {
    what: "the local cloud's url",
    file,
    path: "url",
    ...locate(text, /"url"\s*:/g, 0),
  });
}
