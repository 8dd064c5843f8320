import { findApiAction, resolveProduct, suggestAction } from "../../../catalog/index.js";
import { BodyReader } from "../body-reader.js";
import { ConsoleError } from "../console-error.js";
import type { Route } from "../route.js";

// POST /console/api/call {product, action, params}: one API call of the cloud as the signed-in user.
// Only actions of the catalog: the console is a client of the same API, not a general proxy.

const MAX_PARAMS = 500;

function unknownAction(product: string, action: string): ConsoleError {
  const ramCode = resolveProduct(product)?.toLowerCase() ?? product.toLowerCase();
  const suggestion = suggestAction(`${ramCode}:${action}`);
  return new ConsoleError({
    status: 400,
    code: "UnknownAction",
    message: `\`${product}\` \`${action}\` is not an API action the console can call`,
    help:
      suggestion === undefined
        ? "the console calls the actions of `imageguard catalog`"
        : `did you mean \`${suggestion}\`? the console calls the actions of \`imageguard catalog\``,
  });
}

export const callRoute: Route = {
  method: "POST",
  path: "/call",
  auth: "session",
  async handle(ctx) {
    const body = BodyReader.of(await ctx.body());
    const productText = body.string("product", 64);
    const action = body.string("action", 128);
    const params = body.object("params");
    body.done();
    if (Object.keys(params).length > MAX_PARAMS) {
      throw new ConsoleError({
        status: 400,
        code: "InvalidParameter.params",
        message: `\`params\` has more than ${MAX_PARAMS} members`,
        help: "send fewer parameters",
      });
    }
    const product = resolveProduct(productText);
    const entry = product === undefined ? undefined : findApiAction(product, action);
    if (product === undefined || entry?.apiAction === undefined) throw unknownAction(productText, action);
    return { body: await ctx.cloud.call(product, entry.apiAction, params) };
  },
};
