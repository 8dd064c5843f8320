import { CloudError } from "../../../http/index.js";
import type { CallContext } from "../../handler.js";

// Every ECS and VPC handler of the local cloud names the parameters it understands; anything else
// the request carries with a value is refused. The official SDKs send only what the caller set, so
// a refused parameter is one the caller asked for on purpose: acting as if it had been applied
// (a data disk, a subscription period, a resource group) would make the caller believe something
// that is not true.
//
// A name is written as it arrives, with `N` for a list index: `Tag.N.Key`, `SecurityGroupIds.N`,
// `SystemDisk.Category`.

/** Parameters every call may carry: the runtime reads `DryRun` and `ClientToken` itself. */
const ALWAYS_ACCEPTED = ["DryRun"] as const;

export class AcceptedParameters {
  /** Names without a list index, looked up as they are; only `N` names need a pattern. */
  readonly #names: ReadonlySet<string>;
  readonly #patterns: readonly RegExp[];

  constructor(names: readonly string[]) {
    const all = [...ALWAYS_ACCEPTED, ...names];
    const indexed = (name: string) => name.split(".").includes("N");
    this.#names = new Set(all.filter((name) => !indexed(name)));
    this.#patterns = all.filter(indexed).map(
      (name) =>
        new RegExp(
          `^${name
            .split(".")
            .map((part) => (part === "N" ? "[1-9][0-9]*" : part.replace(/[\\^$.*+?()[\]{}|]/g, "\\$&")))
            .join("\\.")}$`,
        ),
    );
  }

  accepts(name: string): boolean {
    return this.#names.has(name) || this.#patterns.some((pattern) => pattern.test(name));
  }

  /**
   * Throws for the first parameter with a value that this action does not understand, saying why
   * when `reasons` knows the parameter (by full name or by the part before the first dot).
   */
  check(ctx: CallContext, reasons: Readonly<Record<string, string>> = {}, otherwise?: string): void {
    // The first in name order, so the same request always names the same parameter.
    let refused: string | undefined;
    for (const [name, value] of Object.entries(ctx.rawParams)) {
      if (value === "" || (refused !== undefined && name > refused) || this.accepts(name)) continue;
      refused = name;
    }
    if (refused === undefined) return;
    const base = refused.split(".")[0] ?? refused;
    // Own keys only: a parameter named `__proto__` or `constructor` must not find Object's members.
    const reason = (name: string) => (Object.hasOwn(reasons, name) ? reasons[name] : undefined);
    throw unsupportedParameter(refused, reason(refused) ?? reason(base) ?? otherwise);
  }
}

export function acceptedParameters(...names: string[]): AcceptedParameters {
  return new AcceptedParameters(names);
}

/**
 * A parameter of the official API that the local cloud does not model. The message says so, so the
 * caller can tell a local limitation from a mistake of its own.
 */
export function unsupportedParameter(name: string, why?: string): CloudError {
  const base = `The parameter "${name}" is not supported by the local cloud`;
  return new CloudError("InvalidParameter", 400, why === undefined ? `${base}.` : `${base}: ${why}.`);
}

/** A value of a parameter the local cloud models only in part (e.g. `InstanceChargeType=PrePaid`). */
export function unsupportedValue(name: string, value: string, why: string): CloudError {
  return new CloudError(
    "InvalidParameter",
    400,
    `The value "${value}" of the parameter "${name}" is not supported by the local cloud: ${why}.`,
  );
}

/** Reads an optional parameter that must be one of `allowed`; `invalid` makes Alibaba's error otherwise. */
export function readChoice<T extends string>(
  ctx: CallContext,
  name: string,
  allowed: readonly T[],
  invalid: () => CloudError,
): T | undefined {
  const value = ctx.params.optStr(name);
  if (value === undefined || value === "") return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw invalid();
  return value as T;
}
