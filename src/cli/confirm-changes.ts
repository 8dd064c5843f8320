// Asking before a command changes the cloud (`guardrail apply`, `remediate --apply`), the same way
// for both: only an exact `yes` goes ahead, and with no terminal to ask on the command refuses
// rather than go ahead unasked; `--yes` is how a script says it reviewed the plan.
import type { CliIo } from "./io.js";
import { renderError } from "./render/diagnostic.js";

export interface Confirmation {
  /** `--yes` was given. */
  readonly yes: boolean;
  /** What asks, as the refusal names it: `apply`, `` `--apply` ``. */
  readonly asker: string;
  /** The command line that applies without asking, for the refusal's help. */
  readonly unattended: string;
  /** The question, without the line that says how to answer. */
  readonly question: string;
  /** What a refusal cancels: `apply`, `remediation`. */
  readonly cancels: string;
}

/** `true`, or the rendered reason nothing was changed. */
export async function confirmChanges(io: CliIo, confirmation: Confirmation): Promise<true | string> {
  if (confirmation.yes) return true;
  if (io.prompt === undefined) {
    return renderError(
      `${confirmation.asker} changes the cloud and asks for confirmation first, but there is no terminal to ask on`,
      `review the plan and pass \`--yes\` to apply without asking (e.g. \`${confirmation.unattended}\` in CI)`,
    );
  }
  const answer = await io.prompt(`\n${confirmation.question}\nonly \`yes\` is accepted: `);
  if (answer.trim() === "yes") return true;
  return renderError(
    `${confirmation.cancels} cancelled: nothing was changed`,
    "answer `yes` to apply, or pass `--yes`",
  );
}
