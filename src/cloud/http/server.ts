import {
  createServer,
  STATUS_CODES,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { TLSSocket } from "node:tls";
import { performance } from "node:perf_hooks";
import {
  authenticateCall,
  identifyCall,
  type CallFacts,
  type CredentialResolver,
  type ResponseFormat,
  type SignatureVersion,
} from "./authenticate.js";
import { CloudError, isCloudError, toErrorEnvelope } from "./errors.js";
import { NonceCache } from "./nonce-cache.js";
import type { CloudProduct } from "./products.js";
import { readRequest } from "./read-request.js";
import { redactParams } from "./redact-params.js";
import { newRequestId } from "./request-id.js";
import { renderError, renderSuccess, type RenderedResponse } from "./respond.js";

// The HTTP face of the local cloud: every request goes through read → identify → authenticate →
// dispatch → render, and every failure on the way through the one envelope mapping. Business logic
// lives behind `dispatch`; this layer knows nothing of images or policies.

/** A call whose caller has been authenticated, handed to the business layer. */
export interface AuthenticatedCall {
  requestId: string;
  product: CloudProduct;
  version: string;
  action: string;
  /** The action's own parameters, flat (`Tag.1.Key`), common protocol parameters removed. */
  params: Readonly<Record<string, string>>;
  /** Whatever the credential resolver returned as the principal, untouched. */
  principal: unknown;
  accessKeyId: string;
  sourceIp: string;
  userAgent: string | undefined;
  /** True only when the connection itself is TLS; forwarded-protocol headers are not trusted. */
  secureTransport: boolean;
  format: ResponseFormat;
  signatureVersion: SignatureVersion;
  /** The server clock when the request arrived, for `acs:CurrentTime`. */
  receivedAt: Date;
}

/** What an audit trail needs about one call, secrets removed. */
export interface CallRecord {
  requestId: string;
  receivedAt: Date;
  durationMs: number;
  product: CloudProduct | undefined;
  version: string | undefined;
  action: string | undefined;
  signatureVersion: SignatureVersion | undefined;
  accessKeyId: string | undefined;
  /** Set only once the caller was authenticated. */
  principal: unknown;
  sourceIp: string;
  userAgent: string | undefined;
  secureTransport: boolean;
  /** The action's parameters with passwords, secrets, signatures and tokens masked. */
  params: Record<string, string>;
  outcome: { httpStatus: number; errorCode?: string; errorMessage?: string };
}

export interface CloudHttpLogger {
  error(message: string, fields: Record<string, unknown>): void;
}

export interface CloudHttpServerOptions {
  resolveCredential: CredentialResolver;
  dispatch: (call: AuthenticatedCall) => Promise<Record<string, unknown>>;
  onCallFinished?: (record: CallRecord) => void;
  now?: () => Date;
  /** Form bodies larger than this are refused with 413; 1 MiB by default. */
  maxBodyBytes?: number;
  /** Where unexpected errors (the ones answered with a bare InternalError) are reported. */
  logger?: CloudHttpLogger;
  nonceCacheSize?: number;
  /**
   * Consulted before the API for every request: returns true when it has taken the request (the web
   * console under `/console`). The API never sees such a request, and it is not a call of the trail.
   */
  route?: (req: IncomingMessage, res: ServerResponse) => boolean;
}

const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

const consoleLogger: CloudHttpLogger = {
  error: (message, fields) => console.error(message, fields),
};

export function createCloudHttpServer(options: CloudHttpServerOptions): Server {
  const now = options.now ?? (() => new Date());
  const logger = options.logger ?? consoleLogger;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const nonces = new NonceCache({ maxEntries: options.nonceCacheSize });

  const serve = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = performance.now();
    const receivedAt = now();
    const requestId = newRequestId();
    const origin = {
      sourceIp: sourceIpOf(req),
      userAgent: req.headers["user-agent"],
      secureTransport: isSecure(req),
    };
    const facts: CallFacts = {};
    let principal: unknown;
    let rendered: RenderedResponse;
    let failure: { errorCode: string; errorMessage: string } | undefined;
    try {
      const incoming = await readRequest(req, { maxBodyBytes });
      const call = identifyCall(incoming, facts);
      const credential = await authenticateCall(incoming, call, {
        resolveCredential: options.resolveCredential,
        nonces,
        now: receivedAt,
      });
      principal = credential.principal;
      const body = await options.dispatch({
        requestId,
        product: call.product.product,
        version: call.version,
        action: call.action,
        params: call.params,
        principal,
        accessKeyId: call.accessKeyId,
        ...origin,
        format: call.format,
        signatureVersion: call.signatureVersion,
        receivedAt,
      });
      if (typeof body !== "object" || body === null || Array.isArray(body)) {
        throw new TypeError(`dispatch for ${call.action} returned no response object`);
      }
      rendered = renderSuccess(call.action, requestId, body, call.format);
    } catch (err) {
      if (!isCloudError(err)) logger.error("unexpected error while serving a call", { requestId, err });
      const envelope = toErrorEnvelope(err, requestId, {
        hostId: req.headers.host,
        productCode: facts.product?.code,
      });
      rendered = renderError(envelope, facts.format ?? "JSON");
      failure = { errorCode: envelope.body.Code, errorMessage: envelope.body.Message };
    }
    // A body left unread (refused as too large) would be taken for the next request on a kept-alive
    // connection, so such a connection is closed after the answer.
    send(res, rendered, !req.complete);
    if (options.onCallFinished === undefined) return;
    try {
      options.onCallFinished({
        requestId,
        receivedAt,
        durationMs: performance.now() - started,
        product: facts.product?.product,
        version: facts.version,
        action: facts.action,
        signatureVersion: facts.signatureVersion,
        accessKeyId: facts.accessKeyId,
        principal,
        ...origin,
        // Made when read: a call whose transaction already recorded its event never reads it.
        get params() {
          return redactParams(facts.params ?? {});
        },
        outcome: { httpStatus: rendered.status, ...failure },
      });
    } catch (err) {
      logger.error("onCallFinished failed", { requestId, err });
    }
  };

  const server = createServer((req, res) => {
    if (options.route?.(req, res) === true) return;
    serve(req, res).catch((err: unknown) => {
      logger.error("failed to answer a call", { err });
      res.destroy();
    });
  });
  // SDK clients keep idle connections pooled for longer than Node's 5 s default; a server that closes
  // first races the client's next request on that socket (ECONNRESET). Outlive the clients instead.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  // Bytes that are not HTTP at all never reach `serve`; they still get an envelope, not Node's bare
  // 400, so that every answer of this server has the same shape.
  server.on("clientError", (err: NodeJS.ErrnoException, socket: Socket) => {
    if (err.code === "ECONNRESET" || !socket.writable) {
      socket.destroy();
      return;
    }
    const tooLarge = err.code === "HPE_HEADER_OVERFLOW";
    const error = tooLarge
      ? new CloudError("RequestHeaderFieldsTooLarge", 431, "The request headers are too large.")
      : new CloudError("InvalidParameter", 400, "The request is not valid HTTP.");
    const rendered = renderError(toErrorEnvelope(error, newRequestId()), "JSON");
    const headers = { ...rendered.headers, "content-length": String(Buffer.byteLength(rendered.body)) };
    socket.end(
      `HTTP/1.1 ${rendered.status} ${STATUS_CODES[rendered.status] ?? ""}\r\n` +
        Object.entries(headers)
          .map(([name, value]) => `${name}: ${value}\r\n`)
          .join("") +
        `connection: close\r\n\r\n${rendered.body}`,
    );
  });
  return server;
}

function send(res: ServerResponse, rendered: RenderedResponse, closeConnection: boolean): void {
  if (res.headersSent || res.destroyed) return;
  // All headers at once through writeHead: nothing else sets any, so Node writes them as given
  // instead of keeping a map of them header by header (setHeader).
  const headers: Record<string, string | number> = {
    ...rendered.headers,
    "content-length": Buffer.byteLength(rendered.body),
  };
  if (closeConnection) headers["connection"] = "close";
  res.writeHead(rendered.status, headers);
  res.end(rendered.body);
}

function sourceIpOf(req: IncomingMessage): string {
  const address = req.socket.remoteAddress ?? "";
  // An IPv4 client of a dual-stack socket shows up as ::ffff:a.b.c.d; policies are written with a.b.c.d.
  return address.startsWith("::ffff:") && address.includes(".") ? address.slice(7) : address;
}

function isSecure(req: IncomingMessage): boolean {
  return (req.socket as Partial<TLSSocket>).encrypted === true;
}

export interface ListenOptions {
  /** Loopback unless told otherwise: the local cloud is not meant to be reachable from elsewhere. */
  host?: string;
  port?: number;
}

/** Starts listening and resolves with the address actually bound (port 0 picks a free port). */
export function startCloudHttpServer(
  server: Server,
  options: ListenOptions = {},
): Promise<{ host: string; port: number }> {
  const host = options.host ?? "127.0.0.1";
  return new Promise((resolve, reject) => {
    const onError = (err: Error): void => reject(err);
    server.once("error", onError);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", onError);
      const address = server.address() as AddressInfo;
      resolve({ host: address.address, port: address.port });
    });
  });
}

/**
 * Stops accepting connections, lets calls in flight finish for up to `graceMs`, then cuts whatever
 * is left (SDK agents keep idle connections alive, which would otherwise hold the server open).
 */
export function stopCloudHttpServer(server: Server, options: { graceMs?: number } = {}): Promise<void> {
  if (!server.listening) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => server.closeAllConnections(), options.graceMs ?? 5000);
    server.close((err) => {
      clearTimeout(timer);
      if (err) reject(err);
      else resolve();
    });
    server.closeIdleConnections();
  });
}
