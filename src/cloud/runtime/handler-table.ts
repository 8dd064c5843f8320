import { findApiAction, type CatalogEntry } from "../../catalog/index.js";
import type { CloudProduct } from "../http/index.js";
import { PRODUCT_VERSIONS } from "../http/index.js";
import type { ActionHandler } from "../services/handler.js";

// Every handler paired with its catalog entry, checked once at startup: a handler the catalog does
// not know could never be authorized, so serving it would mean serving it unchecked.

export interface RoutedHandler {
  readonly handler: ActionHandler;
  readonly entry: CatalogEntry;
}

export class HandlerTableError extends Error {
  override readonly name = "HandlerTableError";
}

const versionOf = (product: CloudProduct): string =>
  PRODUCT_VERSIONS.find((candidate) => candidate.product === product)?.version ?? product;

export class HandlerTable {
  readonly #routes = new Map<string, RoutedHandler>();

  constructor(handlers: readonly ActionHandler[]) {
    const problems: string[] = [];
    for (const handler of handlers) {
      const key = `${handler.product}/${handler.action}`;
      const entry = findApiAction(versionOf(handler.product), handler.action);
      if (entry === undefined) {
        problems.push(`\`${key}\` has no entry in the action catalog`);
        continue;
      }
      if (this.#routes.has(key)) {
        problems.push(`\`${key}\` is registered twice`);
        continue;
      }
      // The catalog's access level decides idempotency and eventRW; a handler saying otherwise is a bug.
      if ((entry.access === "write") !== (handler.access === "write")) {
        problems.push(`\`${key}\` is a ${handler.access} handler but the catalog says ${entry.access}`);
        continue;
      }
      this.#routes.set(key, { handler, entry });
    }
    if (problems.length > 0) {
      throw new HandlerTableError(`the local cloud cannot serve these handlers: ${problems.join("; ")}`);
    }
  }

  find(product: CloudProduct, action: string): RoutedHandler | undefined {
    return this.#routes.get(`${product}/${action}`);
  }

  get size(): number {
    return this.#routes.size;
  }
}

/** Alibaba's product code (`Ecs`) for a product, as ActionTrail's serviceName spells it. */
export function productCode(product: CloudProduct): string {
  return PRODUCT_VERSIONS.find((candidate) => candidate.product === product)?.code ?? product;
}
