import type { Connection } from "./connection-types.js";
import { shownPath } from "./resolve-connection.js";

// One line a command can print so the user sees which keys go where, never the secret:
//   profile `security-admin` of `.imageguard/credentials.json` (AccessKey LTAI…), local cloud at
//   http://127.0.0.1:8930, region cn-hangzhou

export function describeConnection(
  connection: Connection,
  where: { readonly cwd: string; readonly homeDir: string },
): string {
  const { source, endpoint } = connection;
  const keys =
    source.kind === "profile"
      ? `profile \`${source.profile}\` of \`${shownPath(source.file, where)}\``
      : `environment variables ${source.variables.join(", ")}`;
  const kind = connection.credentials.securityToken === undefined ? "AccessKey" : "STS AccessKey";
  const target =
    endpoint.kind === "alibaba"
      ? "Alibaba Cloud's public endpoints"
      : endpoint.chosenBy === "local-cloud"
        ? `local cloud at ${endpoint.url}`
        : `${endpoint.url} for every product`;
  return `${keys} (${kind} ${connection.credentials.accessKeyId}), ${target}, region ${connection.regionId}`;
}
