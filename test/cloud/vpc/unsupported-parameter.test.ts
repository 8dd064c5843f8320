// A parameter a handler does not understand is refused by name, whatever the name: also those that
// are members of every JavaScript object. The request is signed by hand because openapi-core cannot
// sign a parameter named `__proto__`.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestCloud, type TestCloud } from "../harness.js";
import { send, v1Request } from "../http/harness.js";

let t: TestCloud;

beforeAll(async () => {
  t = await startTestCloud();
});
afterAll(() => t.close());

describe("an unknown parameter named like an object member", () => {
  it.each(["__proto__", "constructor", "toString"])(
    "reaches the handler when signed, which refuses `%s` by name",
    async (name) => {
      // JSON.parse makes `__proto__` an own property; an object literal would set the prototype.
      const params = JSON.parse(`{"RegionId":"cn-hangzhou","${name}":"x"}`) as Record<string, string>;
      const request = v1Request({
        accessKeyId: t.root.accessKeyId,
        secret: t.root.accessKeySecret,
        params,
        signByHand: true,
      });

      const res = await send(t.cloud.port, request);

      expect({ status: res.status, code: res.json["Code"], message: res.json["Message"] }).toEqual({
        status: 400,
        code: "InvalidParameter",
        message: `The parameter "${name}" is not supported by the local cloud.`,
      });
    },
  );
});
