// A separate process that writes through the store, for the tests that need another process:
//   ack-loop FILE KEYHEX        commits transactions forever, printing each one's number once
//                               committed (the parent kills it with SIGKILL)
//   increment FILE KEYHEX N     N read-modify-write transactions on one counter row
import { COUNTER_ACCOUNT, REGION, TAGS_PER_INSTANCE, instance } from "./fixtures.js";
import { openSqliteStore } from "../../../src/cloud/store/index.js";

async function main(): Promise<void> {
  const [mode, file, keyHex, count] = process.argv.slice(2);
  if (!file || !keyHex) throw new Error("usage: writer-process.ts ack-loop|increment FILE KEYHEX [N]");
  const store = await openSqliteStore({ file, masterKey: Buffer.from(keyHex, "hex"), busyTimeoutMs: 30_000 });
  if (mode === "ack-loop") {
    for (let i = 0; ; i++) {
      await store.transaction(async (tx) => {
        await tx.instances.insertMany([instance(`i-${i}`, COUNTER_ACCOUNT)]);
        await tx.tags.set(
          { regionId: REGION, resourceType: "instance", resourceId: `i-${i}` },
          COUNTER_ACCOUNT,
          Array.from({ length: TAGS_PER_INSTANCE }, (_, k) => ({ key: `k${k}`, value: `v${i}` })),
        );
      });
      // Written only after the commit returned: a line on stdout is an acknowledged commit.
      process.stdout.write(`${i}\n`);
    }
  }
  if (mode === "increment") {
    for (let i = 0; i < Number(count); i++) {
      await store.transaction(async (tx) => {
        const current = Number((await tx.accounts.get(COUNTER_ACCOUNT))?.displayName);
        await tx.accounts.update(COUNTER_ACCOUNT, { displayName: String(current + 1) });
      });
    }
    await store.close();
    return;
  }
  throw new Error(`unknown mode \`${mode}\``);
}

await main();
