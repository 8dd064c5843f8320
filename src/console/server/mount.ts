import type { IncomingMessage, ServerResponse } from "node:http";
import type { Connection } from "../../client/index.js";
import { CloudCallError } from "./cloud-call-error.js";
import { createCloudCaller, type CloudCaller } from "./cloud-caller.js";
import { ConsoleError, invalidInput, notSignedIn, sessionExpired } from "./console-error.js";
import { requireCsrfToken, requireSameOrigin } from "./csrf.js";
import { readCookies, readJsonBody, sendBytes, sendJson } from "./http.js";
import type { ConsoleEnvironment, Route, RouteContext, RouteMethod } from "./route.js";
import { consoleRoutes } from "./routes/index.js";
import { SESSION_COOKIE } from "./routes/session.js";
import type { Session, SessionLookup } from "./sessions.js";
import type { WebBundle } from "./bundle.js";

// The console's request handling: /console/api/* to the routes, /console/assets/* to the bundle,
// every other GET under /console to index.html (the web app routes on the client).

export const PREFIX = "/console";
const API = `${PREFIX}/api`;
const ASSETS = `${PREFIX}/assets/`;
const METHODS: ReadonlySet<string> = new Set(["GET", "POST", "PUT", "DELETE"]);

export interface ConsoleHandlerInput {
  readonly env: ConsoleEnvironment;
  readonly bundle: WebBundle;
  /** Routes to serve instead of the registry (tests of the HTTP layer). */
  readonly routes?: readonly Route[];
  /** `host:port` values the console answers to (DNS-rebinding defence); origins follow from them. */
  readonly hosts: readonly string[];
}

interface CompiledRoute {
  readonly route: Route;
  readonly segments: readonly string[];
}

function compile(routes: readonly Route[]): CompiledRoute[] {
  return routes.map((route) => ({ route, segments: route.path.split("/").filter((s) => s !== "") }));
}

function match(compiled: CompiledRoute, path: readonly string[]): Record<string, string> | undefined {
  if (compiled.segments.length !== path.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < path.length; i++) {
    const want = compiled.segments[i] ?? "";
    const got = path[i] ?? "";
    if (want.startsWith(":")) params[want.slice(1)] = got;
    else if (want !== got) return undefined;
  }
  return params;
}

/** The path's segments, percent-decoded; 400 when an escape is not UTF-8 percent-encoding. */
function decodeSegments(pathname: string, path: string): string[] {
  try {
    return path
      .split("/")
      .filter((s) => s !== "")
      .map(decodeURIComponent);
  } catch (err) {
    // A request's own fault (`%E0%A4%A`, `%zz`), not the console's: no 500, no operator log line.
    if (!(err instanceof URIError)) throw err;
    throw invalidInput(
      "Path",
      `the path \`${pathname}\` is not valid percent-encoding`,
      "percent-encode each path segment as UTF-8 (encodeURIComponent)",
    );
  }
}

export function createConsoleHandler(
  input: ConsoleHandlerInput,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const { env, bundle } = input;
  const routes = compile(input.routes ?? consoleRoutes);
  const hosts = new Set(input.hosts.map((host) => host.toLowerCase()));
  const origins = new Set([...hosts].map((host) => `http://${host}`));
  const callers = new WeakMap<Session, CloudCaller>();
  const callerOf = (session: Session): CloudCaller => {
    let caller = callers.get(session);
    if (caller === undefined) {
      caller = createCloudCaller(
        { endpoint: env.endpoint, protocol: "http" },
        session.credentials,
        session.regionId,
      );
      callers.set(session, caller);
    }
    return caller;
  };

  const serveApi = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const method = req.method ?? "GET";
    const path = url.pathname.slice(API.length) || "/";
    const segments = decodeSegments(url.pathname, path);
    const candidates = routes
      .map((compiled) => ({ compiled, params: match(compiled, segments) }))
      .filter((found) => found.params !== undefined);
    if (candidates.length === 0) {
      throw new ConsoleError({
        status: 404,
        code: "NotFound",
        message: `there is no console API at \`${url.pathname}\``,
        help: "see docs/console.md for the console's API",
      });
    }
    const found = candidates.find((candidate) => candidate.compiled.route.method === method);
    if (found === undefined || !METHODS.has(method)) {
      const allowed = [...new Set(candidates.map((c) => c.compiled.route.method))].join(", ");
      throw new ConsoleError({
        status: 405,
        code: "MethodNotAllowed",
        message: `\`${url.pathname}\` does not take ${method}`,
        help: `use ${allowed}`,
      });
    }
    const route = found.compiled.route;
    if (method !== "GET") requireSameOrigin(req, origins);

    const lookup: SessionLookup = env.sessions.touch(readCookies(req).get(SESSION_COOKIE));
    if (route.auth === "session") {
      if (lookup.kind === "none") throw notSignedIn();
      if (lookup.kind === "expired") throw sessionExpired();
      if (method !== "GET") requireCsrfToken(req, lookup.session);
    }
    let body: Promise<unknown> | undefined;
    const sessionOrThrow = (): Session => {
      if (lookup.kind === "active") return lookup.session;
      throw lookup.kind === "expired" ? sessionExpired() : notSignedIn();
    };
    const ctx: RouteContext = {
      req,
      method: method as RouteMethod,
      path,
      params: found.params ?? {},
      query: url.searchParams,
      sourceIp: req.socket.remoteAddress ?? "",
      env,
      body: () => (body ??= readJsonBody(req)),
      sessionLookup: lookup,
      get session() {
        return sessionOrThrow();
      },
      get cloud() {
        return callerOf(sessionOrThrow());
      },
      connection: () => sessionConnection(env, sessionOrThrow()),
    };
    // GET and DELETE carry no body: one sent anyway is refused by BodyReader if the route reads it;
    // otherwise it is drained so the connection stays usable.
    const result = await route.handle(ctx);
    if (body === undefined) req.resume();
    sendJson(res, result.status ?? 200, result.body, {
      ...(result.headers ?? {}),
      ...(result.cookies === undefined ? {} : { "Set-Cookie": [...result.cookies] }),
    });
  };

  const serveAsset = (res: ServerResponse, name: string): void => {
    const immutable = "public, max-age=31536000, immutable";
    if (name === bundle.scriptName)
      return sendBytes(res, 200, "text/javascript; charset=utf-8", bundle.script, immutable);
    if (name === bundle.styleName)
      return sendBytes(res, 200, "text/css; charset=utf-8", bundle.style, immutable);
    sendBytes(res, 404, "text/plain; charset=utf-8", "not found\n", "no-store");
  };

  return async (req, res) => {
    try {
      const url = new URL(req.url ?? "/", "http://console.invalid");
      const host = (req.headers.host ?? "").toLowerCase();
      if (!hosts.has(host)) {
        // A page of another site reaching this loopback port by DNS rebinding names its own host.
        throw new ConsoleError({
          status: 421,
          code: "MisdirectedRequest",
          message: `the console does not answer to host \`${req.headers.host ?? ""}\``,
          help: `open ${[...origins][0] ?? "the address `imageguard serve` printed"}/console`,
        });
      }
      if (url.pathname === API || url.pathname.startsWith(`${API}/`)) return await serveApi(req, res, url);
      req.resume();
      if (req.method !== "GET" && req.method !== "HEAD") {
        throw new ConsoleError({
          status: 405,
          code: "MethodNotAllowed",
          message: `\`${url.pathname}\` does not take ${req.method ?? ""}`,
          help: "use GET",
        });
      }
      if (url.pathname.startsWith(ASSETS)) return serveAsset(res, url.pathname.slice(ASSETS.length));
      sendBytes(res, 200, "text/html; charset=utf-8", bundle.indexHtml, "no-cache");
    } catch (err) {
      req.resume();
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (err instanceof ConsoleError) {
        const retry = err.status === 429 ? /(\d+) seconds/.exec(err.help ?? "")?.[1] : undefined;
        sendJson(res, err.status, err.toBody(), retry === undefined ? {} : { "Retry-After": retry });
      } else if (err instanceof CloudCallError) {
        sendJson(res, err.httpStatus, err.toBody());
      } else {
        env.logError("console request failed", {
          err,
          method: req.method,
          path: (req.url ?? "").split("?")[0],
        });
        sendJson(res, 500, {
          error: {
            code: "InternalError",
            message: "the console failed on this request",
            help: "see the output of `imageguard serve`",
          },
        });
      }
    }
  };
}

function sessionConnection(env: ConsoleEnvironment, session: Session): Connection {
  const host = env.endpoint;
  return {
    credentials: session.credentials,
    regionId: session.regionId,
    endpoint: { kind: "single", url: env.cloudUrl, host, protocol: "http", chosenBy: "option" },
    // The keys came from the sign-in form; src/client knows no such source, and reads this only to
    // describe where keys came from.
    source: { kind: "environment", variables: [] },
    regionChosenBy: "option",
  };
}
