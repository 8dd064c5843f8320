import { useEffect, useState } from "preact/hooks";
import { api } from "../../lib/api.js";
import type { GoldenCriteriaBody } from "../../../server/routes/golden-criteria.js";
import type { GoldenCriteriaView } from "../instances/compliance.js";
import { BRIEF_GOLDEN_TAGS, formatRequiredTags, parseRequiredTags, type RequiredTag } from "./golden-tags.js";

// Where the cloud pages get "golden" from: the guardrail spec the console server reads (the same
// criteria the scan judges with), else the user's golden-tags setting, kept in this browser's
// localStorage (tag names are not secrets), starting as the brief's three tags.

const SETTING_KEY = "imageguard.console.golden-tags";

export interface GoldenState {
  readonly criteria: GoldenCriteriaView;
  readonly source: "spec" | "setting";
  readonly specFile?: string;
  /** Why the spec could not be used, when the setting stands in for it. */
  readonly specProblem?: { readonly code: string; readonly message: string; readonly help?: string };
  /** True until the server answered. */
  readonly loading: boolean;
  /** Only meaningful when `source` is `setting`. */
  setSetting(tags: readonly RequiredTag[]): void;
}

let fromServer: Promise<GoldenCriteriaBody> | undefined;

function serverCriteria(): Promise<GoldenCriteriaBody> {
  fromServer ??= api.get<GoldenCriteriaBody>("/golden-criteria").catch((err: unknown) => {
    // Not kept: the next page asks again (the session may just have been renewed).
    fromServer = undefined;
    throw err;
  });
  return fromServer;
}

function readSetting(): RequiredTag[] {
  try {
    const text = window.localStorage.getItem(SETTING_KEY);
    if (text !== null) {
      const parsed = parseRequiredTags(text);
      if (parsed.ok) return parsed.tags;
    }
  } catch {
    // Storage may be off (private windows): the brief's tags stand.
  }
  return [...BRIEF_GOLDEN_TAGS];
}

export function useGoldenCriteria(): GoldenState {
  const [setting, setSettingState] = useState<readonly RequiredTag[]>(readSetting);
  const [server, setServer] = useState<GoldenCriteriaBody | undefined>(undefined);
  const [failed, setFailed] = useState<GoldenState["specProblem"]>(undefined);

  useEffect(() => {
    let live = true;
    serverCriteria().then(
      (body) => live && setServer(body),
      (err: unknown) =>
        live &&
        setFailed({
          code: "GoldenCriteriaUnavailable",
          message: `the console server did not say what is golden: ${err instanceof Error ? err.message : String(err)}`,
        }),
    );
    return () => {
      live = false;
    };
  }, []);

  const setSetting = (tags: readonly RequiredTag[]): void => {
    setSettingState(tags);
    try {
      window.localStorage.setItem(SETTING_KEY, formatRequiredTags(tags));
    } catch {
      // Kept for this page only.
    }
  };

  if (server?.source === "spec" && server.requiredTags !== undefined) {
    return {
      criteria: {
        requiredTags: server.requiredTags,
        ...(server.trustedOwners === undefined ? {} : { trustedOwners: server.trustedOwners }),
        ...(server.allowedSources === undefined ? {} : { allowedSources: server.allowedSources }),
      },
      source: "spec",
      specFile: server.specFile,
      loading: false,
      setSetting,
    };
  }
  const problem = server?.reason ?? failed;
  return {
    criteria: { requiredTags: setting },
    source: "setting",
    ...(server === undefined ? {} : { specFile: server.specFile }),
    ...(problem === undefined ? {} : { specProblem: problem }),
    loading: server === undefined && failed === undefined,
    setSetting,
  };
}
