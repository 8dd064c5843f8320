import type { Account, RdFolder, RdMember, RdTargetType, ResourceDirectory } from "../../model/index.js";
import type { ParamReader } from "../../http/index.js";
import type { Store, TokenPage, TokenPaging } from "../../store/index.js";
import type { CallContext } from "../handler.js";
import {
  accountNotExists,
  directoryNotEnabled,
  folderNotExists,
  invalidRdParameter,
  missingRdParameter,
  targetNotExists,
} from "./errors.js";

// What every Resource Directory handler needs: the caller's directory (management APIs answer
// only its management account), folders and members by id, their RD paths, and whole listings.

/** `r-` + the Root folder's id, `fd-` + a folder's id. */
const FOLDER_ID = /^(?:r|fd)-[A-Za-z0-9]+$/;
const ACCOUNT_ID = /^\d+$/;

/**
 * The directory the caller manages. Only a directory's management account may call its management
 * APIs; Alibaba answers anyone else "the resource directory for the account is not enabled"
 * (the directory is looked up by the calling account) [decision: a member gets the same code,
 * with a sentence saying whose directory it is in].
 */
export async function managedDirectory(ctx: CallContext): Promise<ResourceDirectory> {
  const directory = await ctx.store.directory.get();
  const { accountId } = ctx.caller;
  if (directory === undefined) throw directoryNotEnabled();
  if (directory.managementAccountId === accountId) return directory;
  const member = await ctx.store.directory.getMember(accountId);
  throw directoryNotEnabled(
    member === undefined
      ? undefined
      : `Account \`${accountId}\` is a member of resource directory \`${directory.directoryId}\`: only its management account \`${directory.managementAccountId}\` can call ${ctx.action}.`,
  );
}

/** A folder id parameter: `MissingParameter.<Name>` when required and absent, `InvalidParameter.<Name>` when malformed. */
export function readFolderId(params: ParamReader, name: string, required: true): string;
export function readFolderId(params: ParamReader, name: string, required: false): string | undefined;
export function readFolderId(params: ParamReader, name: string, required: boolean): string | undefined {
  const value = params.optStr(name);
  if (value === undefined || value === "") {
    if (required) throw missingRdParameter(name, name);
    return undefined;
  }
  if (!FOLDER_ID.test(value)) {
    throw invalidRdParameter(
      name,
      `The ${name} is invalid: \`${value}\` is neither a Root folder id (r-…) nor a folder id (fd-…).`,
    );
  }
  return value;
}

/** A member account id parameter, required. */
export function readAccountId(params: ParamReader, name = "AccountId"): string {
  const value = params.optStr(name);
  if (value === undefined || value === "") throw missingRdParameter(name, name);
  if (!ACCOUNT_ID.test(value))
    throw invalidRdParameter(name, `The ${name} is invalid: \`${value}\` is not an account id.`);
  return value;
}

export async function findFolder(store: Store, folderId: string): Promise<RdFolder> {
  const folder = await store.directory.getFolder(folderId);
  if (folder === undefined) throw folderNotExists(folderId);
  return folder;
}

export interface DirectoryMember {
  readonly member: RdMember;
  readonly account: Account;
}

export async function findMember(store: Store, accountId: string): Promise<DirectoryMember> {
  const member = await store.directory.getMember(accountId);
  const account = member === undefined ? undefined : await store.accounts.get(accountId);
  if (member === undefined || account === undefined) throw accountNotExists(accountId);
  return { member, account };
}

/** The folder's level: 0 for the Root folder, 1 for its children, …. */
export async function folderDepth(store: Store, folderId: string): Promise<number> {
  return (await store.directory.folderPath(folderId)).length - 1;
}

/** `rd-x/r-y/fd-z` for a folder, with `/<account>` appended for a member in it. */
export async function rdPath(
  store: Store,
  directory: ResourceDirectory,
  folderId: string,
  accountId?: string,
): Promise<string> {
  const trail = (await store.directory.folderPath(folderId)).map((folder) => folder.folderId).reverse();
  return [directory.directoryId, ...trail, ...(accountId === undefined ? [] : [accountId])].join("/");
}

/** A control policy target: the Root folder, a folder or a member account. */
export interface Target {
  readonly targetId: string;
  readonly targetType: RdTargetType;
  /** The folder name or the account's display name. */
  readonly name: string;
}

export function readTargetId(params: ParamReader): string {
  const value = params.optStr("TargetId");
  if (value === undefined || value === "") throw missingRdParameter("TargetId", "TargetId");
  return value;
}

/** The node a TargetId names; `EntityNotExists.Target` for anything else. */
export async function findTarget(store: Store, targetId: string): Promise<Target> {
  if (ACCOUNT_ID.test(targetId)) {
    const member = await store.directory.getMember(targetId);
    const account = member === undefined ? undefined : await store.accounts.get(targetId);
    if (account === undefined) throw targetNotExists(targetId);
    return { targetId, targetType: "Account", name: account.displayName };
  }
  const folder = FOLDER_ID.test(targetId) ? await store.directory.getFolder(targetId) : undefined;
  if (folder === undefined) throw targetNotExists(targetId);
  return {
    targetId,
    targetType: folder.parentFolderId === undefined ? "Root" : "Folder",
    name: folder.folderName,
  };
}

/** Every item of a keyset-paged listing, page by page. */
export async function allPages<T>(fetch: (paging: TokenPaging) => Promise<TokenPage<T>>): Promise<T[]> {
  const items: T[] = [];
  let nextToken: string | undefined;
  do {
    const page = await fetch(nextToken === undefined ? { maxResults: 100 } : { maxResults: 100, nextToken });
    items.push(...page.items);
    nextToken = page.nextToken;
  } while (nextToken !== undefined);
  return items;
}

export function childFolders(store: Store, parentFolderId: string): Promise<RdFolder[]> {
  return allPages((paging) => store.directory.listFolders({ parentFolderId }, paging));
}

/** Every folder below the Root folder, parents before their children. */
export async function allFolders(store: Store, rootFolderId: string): Promise<RdFolder[]> {
  const folders: RdFolder[] = [];
  let level = [rootFolderId];
  while (level.length > 0) {
    // One query at a time: the calls share the request's transaction.
    const children: RdFolder[] = [];
    for (const id of level) children.push(...(await childFolders(store, id)));
    folders.push(...children);
    level = children.map((folder) => folder.folderId);
  }
  return folders;
}

export function allMembers(store: Store, folderId?: string): Promise<RdMember[]> {
  return allPages((paging) =>
    store.directory.listMembers(folderId === undefined ? {} : { folderId }, paging),
  );
}

/** The accounts behind some members, by id. */
export async function accountsOf(
  store: Store,
  members: readonly RdMember[],
): Promise<ReadonlyMap<string, Account>> {
  if (members.length === 0) return new Map();
  const accountIds = members.map((member) => member.accountId);
  const accounts = await allPages((paging) => store.accounts.list({ accountIds }, paging));
  return new Map(accounts.map((account) => [account.id, account]));
}
