import type { ResponseFormat } from "./authenticate.js";
import type { ErrorEnvelope } from "./errors.js";

// Renders bodies the way Alibaba's RPC gateway does: JSON, or XML under `<ActionNameResponse>` with
// arrays as repeated elements (`{Images: {Image: [a, b]}}` is `<Images><Image>a</Image><Image>b
// </Image></Images>`). openapi-core reads an XML error only when the content type is exactly
// `text/xml;charset=utf-8`, so the content types below are Alibaba's to the byte.

export interface RenderedResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const CONTENT_TYPES: Readonly<Record<ResponseFormat, string>> = {
  JSON: "application/json;charset=utf-8",
  XML: "text/xml;charset=utf-8",
};

const XML_DECLARATION = "<?xml version='1.0' encoding='UTF-8'?>";

export function renderSuccess(
  action: string,
  requestId: string,
  body: Readonly<Record<string, unknown>>,
  format: ResponseFormat,
): RenderedResponse {
  // The gateway's id wins over any a handler set, so that the body and the header always agree.
  // (Spread, then overwritten: the key keeps its first place, as Alibaba's answers have it.)
  const full = { RequestId: requestId, ...body };
  full.RequestId = requestId;
  const text = format === "XML" ? XML_DECLARATION + toXml(`${action}Response`, full) : JSON.stringify(full);
  return { status: 200, headers: baseHeaders(requestId, format), body: text };
}

export function renderError(envelope: ErrorEnvelope, format: ResponseFormat): RenderedResponse {
  const text =
    format === "XML" ? XML_DECLARATION + toXml("Error", envelope.body) : JSON.stringify(envelope.body);
  return {
    status: envelope.status,
    headers: { ...envelope.headers, ...baseHeaders(envelope.body.RequestId, format) },
    body: text,
  };
}

function baseHeaders(requestId: string, format: ResponseFormat): Record<string, string> {
  return { "content-type": CONTENT_TYPES[format], "x-acs-request-id": requestId };
}

/**
 * One element named `name` holding `value`. Arrays repeat the element; null and undefined fields
 * are left out, as JSON.stringify leaves out undefined ones.
 */
export function toXml(name: string, value: unknown): string {
  if (Array.isArray(value)) return value.map((item: unknown) => toXml(name, item)).join("");
  assertXmlName(name);
  if (value === null || value === undefined) return "";
  if (typeof value === "object") {
    const inner = Object.entries(value as Record<string, unknown>)
      .map(([key, child]) => toXml(key, child))
      .join("");
    return `<${name}>${inner}</${name}>`;
  }
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
    return `<${name}>${escapeXml(String(value))}</${name}>`;
  }
  throw new TypeError(`a ${typeof value} cannot be rendered as XML`);
}

// Element names come from handlers' response shapes, never from request data; a bad one is a bug
// and surfaces as an InternalError rather than as broken XML.
function assertXmlName(name: string): void {
  if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(name)) throw new TypeError(`\`${name}\` is not a valid XML name`);
}

// Characters that XML 1.0 cannot carry at all are replaced rather than emitted.
function escapeXml(text: string): string {
  return text
    .replace(/[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "\uFFFD")
    .replace(/[&<>"']/g, (c) => XML_ENTITIES[c] ?? c);
}

const XML_ENTITIES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
};
