import { CloudError, invalidParameter } from "../http/index.js";
import type { ActionHandler, CallContext } from "./handler.js";

// A handler that declares its action's parameters, checked before it runs: whatever the request
// carries is either read by the handler, refused as an official parameter the local cloud does not
// model, or refused as no parameter of the action at all. Nothing is accepted and dropped: a caller
// must never believe that a tag was set, a filter applied or a grant scoped when it was not.
//
// A name is written as it arrives, `N` standing for a list index (`Tag.N.Key`, `ResourceARN.N`).
// An index matches only as the action catalog reads it (`[1-9][0-9]*`): the runtime authorized what
// the catalog read, so another spelling (`Tag.01.Key`) must not reach a handler.
//
// `ClientToken` is accepted on every write whose response may be replayed: the runtime's
// idempotency honours it (docs/local-cloud.md, "Idempotency"). `DryRun` is accepted only where the
// declaration lists it, i.e. where Alibaba's API has it: elsewhere Alibaba would carry the request
// out, so a local dry run would tell the caller something untrue about the real cloud.

export interface ParameterSpec {
  /** The parameters the handler reads (and validates), as the official SDK sends them. */
  readonly accepted: readonly string[];
  /**
   * Official parameters the local cloud does not model, with why. Refused when they carry a value;
   * an empty value (or the empty JSON list an SDK sends for `tag: []`) asks for nothing and passes.
   */
  readonly notModelled?: Readonly<Record<string, string>>;
}

export interface DeclaredHandler extends ActionHandler {
  readonly parameters: ParameterSpec;
}

const CLIENT_TOKEN = "ClientToken";
/** Values that ask for nothing: what the SDKs send for `""` and, as one JSON string, for `[]`. */
const NOTHING = new Set(["", "[]"]);
const DRY_RUN = "DryRun";

/** The handler, with its declared parameters checked before `handle` runs. */
export function declareHandler(handler: DeclaredHandler): DeclaredHandler {
  const runtime = handler.access === "write" && handler.secretResponse !== true ? [CLIENT_TOKEN] : [];
  const accepted = [...handler.parameters.accepted, ...runtime].map(namePattern);
  const notModelled = Object.entries(handler.parameters.notModelled ?? {}).map(
    ([name, why]) => [namePattern(name), why] as const,
  );
  const check = (ctx: CallContext): void => {
    // In name order, so that the same request always names the same parameter.
    for (const name of Object.keys(ctx.rawParams).sort()) {
      if (accepted.some((pattern) => pattern.test(name))) continue;
      const why = notModelled.find(([pattern]) => pattern.test(name))?.[1];
      if (why === undefined) throw unknownParameter(handler.action, name);
      if (!NOTHING.has(ctx.rawParams[name] ?? "")) throw unsupportedParameter(name, why);
    }
  };
  return {
    ...handler,
    async handle(ctx) {
      check(ctx);
      return handler.handle(ctx);
    },
  };
}

/** An official parameter the local cloud does not model. */
export function unsupportedParameter(name: string, why: string): CloudError {
  return new CloudError(
    "InvalidParameter",
    400,
    `The parameter "${name}" is not supported by the local cloud: ${why}.`,
  );
}

/** A parameter the action does not have (Alibaba's API included). */
export function unknownParameter(action: string, name: string): CloudError {
  return invalidParameter(
    name,
    name === DRY_RUN
      ? `${action} has no dry run: Alibaba Cloud would carry the request out. Leave DryRun out of the request.`
      : `${action} has no parameter of that name; leave it out of the request.`,
  );
}

function namePattern(name: string): RegExp {
  const parts = name
    .split(".")
    .map((part) => (part === "N" ? "[1-9][0-9]*" : part.replace(/[\\^$.*+?()[\]{}|]/g, "\\$&")));
  return new RegExp(`^${parts.join("\\.")}$`);
}
