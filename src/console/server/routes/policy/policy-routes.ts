// POST /policy/validate and POST /policy/simulate: the pure policy engine, run in the console
// server for the editor and the simulator panel. Neither calls the cloud: they judge the text the
// user typed, not anything stored; loading and saving policies go through /call like every other
// cloud action, so RAM decides who may do that.
import { BodyReader } from "../../body-reader.js";
import { ConsoleError } from "../../console-error.js";
import type { Route } from "../../route.js";
import { checkPolicy } from "./check-policy.js";
import { readKind, readText } from "./policy-input.js";
import { readSimulateInput } from "./read-simulate-input.js";
import { simulatePolicy } from "./simulate-policy.js";

const validate: Route = {
  method: "POST",
  path: "/policy/validate",
  auth: "session",
  async handle(ctx) {
    const body = BodyReader.of(await ctx.body());
    const kind = readKind(body);
    const text = readText(body);
    const fullAliyunAccessAttached = body.optionalBoolean("fullAliyunAccessAttached");
    body.done();
    return {
      body: checkPolicy({
        kind,
        text,
        ...(fullAliyunAccessAttached === undefined ? {} : { fullAliyunAccessAttached }),
      }),
    };
  },
};

const simulate: Route = {
  method: "POST",
  path: "/policy/simulate",
  auth: "session",
  async handle(ctx) {
    const input = readSimulateInput(await ctx.body(), ctx.session.identity.accountId);
    const result = simulatePolicy(input);
    if (!result.ok) {
      const errors = result.problems.filter((problem) => problem.severity === "error");
      const first = errors[0];
      throw new ConsoleError({
        status: 400,
        code: "InvalidPolicyDocument",
        message: `the policy has ${errors.length} error${errors.length === 1 ? "" : "s"}${first === undefined ? "" : `, the first at line ${first.line}: ${first.message}`}`,
        help: "fix the problems the editor marks, then simulate again",
      });
    }
    const { decision, request, principal, assumptions, warnings } = result;
    return {
      body: {
        decision: decision.result,
        decidedBy: decision.decidedBy,
        matched: decision.matched,
        errors: decision.errors,
        absentKeys: decision.absentKeys,
        explain: decision.explain,
        request,
        principal,
        assumptions,
        warnings,
      },
    };
  },
};

export const policyRoutes: readonly Route[] = [validate, simulate];
