// Which of the spec's scopes hold an account, from where the account sits in the Resource
// Directory. A control policy on a folder governs everything below it, so an account under an
// enforced folder is enforced even when a scope lower down says audit (validation warns about that).
import type { GuardrailScope } from "../spec/types.js";
import type { InventoryAccount, ScanMode } from "./types.js";

export interface AccountScopes {
  /** Keys of every scope that holds the account, in the spec's order. */
  readonly keys: readonly string[];
  readonly mode: ScanMode;
}

export function scopesOfAccount(
  scopes: readonly GuardrailScope[],
  account: Pick<InventoryAccount, "accountId" | "name" | "folders">,
): AccountScopes {
  const holding = scopes.filter((scope) => holds(scope, account));
  const mode: ScanMode = holding.some((scope) => scope.mode === "enforce")
    ? "enforce"
    : holding.length > 0
      ? "audit"
      : "unscoped";
  return { keys: holding.map((scope) => scope.key), mode };
}

function holds(
  scope: GuardrailScope,
  account: Pick<InventoryAccount, "accountId" | "name" | "folders">,
): boolean {
  const selector = scope.selector;
  switch (selector.kind) {
    case "account":
      return selector.id === account.accountId;
    case "folder":
      return account.folders.some((folder) => folder.folderId === selector.id);
    case "path": {
      // A path names folders from Root down and may end with the account's own name.
      const names = [...account.folders.map((folder) => folder.name), account.name];
      return (
        account.folders.length > 0 &&
        selector.names.length <= names.length &&
        selector.names.every((name, index) => names[index] === name)
      );
    }
  }
}
