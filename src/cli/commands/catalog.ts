import { catalogEntries, describeEntry, findAction, suggestAction } from "../../catalog/index.js";
import type { CatalogEntry } from "../../catalog/index.js";
import type { CliCommand } from "../command.js";
import { wantsJson } from "../options.js";
import { renderCatalogEntry, renderCatalogList } from "../render/catalog-entry.js";
import { renderError } from "../render/diagnostic.js";
import { renderJson } from "../render/json.js";

export const catalogCommand: CliCommand = {
  path: ["catalog"],
  describe:
    "print what an action checks: resources, ARN templates, context keys (without ACTION: list every action)",
  configure(command) {
    command.argument("[action]", "a RAM action, e.g. `ecs:RunInstances` (any case)");
  },
  async run([action], options, io) {
    if (action === undefined) {
      io.out(
        wantsJson(options)
          ? renderJson({ actions: catalogEntries.map(entryData) })
          : renderCatalogList(catalogEntries),
      );
      return 0;
    }
    const entry = findAction(action as string);
    if (entry === undefined) {
      const suggestion = suggestAction(action as string);
      io.err(
        renderError(
          `action \`${String(action)}\` is not in the catalog`,
          suggestion === undefined
            ? "run `imageguard catalog` to list every action imageguard knows"
            : `did you mean \`${suggestion}\`?`,
        ),
      );
      return 1;
    }
    io.out(
      wantsJson(options) ? renderJson(entryData(entry)) : renderCatalogEntry(entry, describeEntry(entry)),
    );
    return 0;
  },
};

function entryData(entry: CatalogEntry): Record<string, unknown> {
  return {
    product: entry.product,
    version: entry.version,
    ...(entry.apiAction === undefined ? {} : { apiAction: entry.apiAction }),
    ...describeEntry(entry),
  };
}
