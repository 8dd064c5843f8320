// The image factory's pipeline at work, through the SDKs as its role: builder instances from
// Alibaba's base images, the golden images made from them with their tags at birth (CreateImage
// Tag.N), an untagged candidate and a staging-tagged image, each copied to the other region with its
// tags and shared with every workload account; the first golden image runs on canaries, and is
// deprecated once its successor exists.
import { EcsModule, type Credentials, type TestCloud } from "../../cloud/harness.js";
import type { Launch } from "./launcher.js";
import { createImage, must } from "./sdk-steps.js";
import {
  ALINUX,
  BUILD_REGION,
  FACTORY_CANARIES,
  GOLDEN_TAGS,
  REGIONS,
  UBUNTU,
  WORKLOAD_ACCOUNTS,
  type Region,
} from "./shape.js";

const STAGING_TAGS = { ...GOLDEN_TAGS, environment: "staging" };
/** ModifyImageSharePermission adds at most 10 accounts a call. */
const SHARE_BATCH = 10;

/** The factory's images, by region where they exist in both. */
export interface FactoryImages {
  readonly goldenUbuntu: Readonly<Record<Region, string>>;
  readonly goldenAlinux: Readonly<Record<Region, string>>;
  readonly candidate: Readonly<Record<Region, string>>;
  readonly staging: Readonly<Record<Region, string>>;
  /** The first golden Ubuntu, in BUILD_REGION only: never shared, deprecated once its canaries ran. */
  readonly outdated: string;
}

export async function buildFactoryImages(
  t: TestCloud,
  pipeline: Credentials,
  launch: Launch,
  accountId: (name: string) => string,
): Promise<FactoryImages> {
  const here = { ...pipeline, regionId: BUILD_REGION };
  const ecs = t.ecs(here);
  const [ubuntuBuilder] = await launch(BUILD_REGION, "builder", UBUNTU, 1);
  const [alinuxBuilder] = await launch(BUILD_REGION, "builder", ALINUX, 1);
  const ubuntu = must(ubuntuBuilder, "the Ubuntu builder");
  const alinux = must(alinuxBuilder, "the Alibaba Cloud Linux builder");

  const outdated = await createImage(t, here, ubuntu, {
    name: "golden-ubuntu-22.04-v1",
    description: "Outdated golden image, superseded by v2",
    tags: GOLDEN_TAGS,
  });
  await launch(BUILD_REGION, "factory-canary", outdated, FACTORY_CANARIES);
  const built = {
    goldenUbuntu: await createImage(t, here, ubuntu, {
      name: "golden-ubuntu-22.04-v2",
      description: "Golden image: hardened Ubuntu 22.04",
      tags: GOLDEN_TAGS,
    }),
    goldenAlinux: await createImage(t, here, alinux, {
      name: "golden-alinux-3-v1",
      description: "Golden image: hardened Alibaba Cloud Linux 3",
      tags: GOLDEN_TAGS,
    }),
    candidate: await createImage(t, here, ubuntu, {
      name: "ubuntu-candidate",
      description: "Built, not yet reviewed",
    }),
    staging: await createImage(t, here, alinux, {
      name: "alinux-staging",
      description: "Approved for staging only",
      tags: STAGING_TAGS,
    }),
  };
  const tagsOf: Record<keyof typeof built, Readonly<Record<string, string>>> = {
    goldenUbuntu: GOLDEN_TAGS,
    goldenAlinux: GOLDEN_TAGS,
    candidate: {},
    staging: STAGING_TAGS,
  };
  const everywhere = {} as Record<keyof typeof built, Record<Region, string>>;
  for (const key of Object.keys(built) as (keyof typeof built)[]) {
    const byRegion = { [BUILD_REGION]: built[key] } as Record<Region, string>;
    for (const regionId of REGIONS) {
      if (regionId === BUILD_REGION) continue;
      byRegion[regionId] = must(
        (
          await ecs.copyImage(
            new EcsModule.CopyImageRequest({
              regionId: BUILD_REGION,
              imageId: built[key],
              destinationRegionId: regionId,
              tag: Object.entries(tagsOf[key]).map(
                ([tagKey, value]) => new EcsModule.CopyImageRequestTag({ key: tagKey, value }),
              ),
            }),
          )
        ).body?.imageId,
        `the copy of ${built[key]} in ${regionId}`,
      );
    }
    everywhere[key] = byRegion;
  }

  const workloadIds = WORKLOAD_ACCOUNTS.map((member) => accountId(member.name));
  for (const byRegion of Object.values(everywhere)) {
    for (const regionId of REGIONS) {
      for (let i = 0; i < workloadIds.length; i += SHARE_BATCH) {
        await t.ecs({ ...pipeline, regionId }).modifyImageSharePermission(
          new EcsModule.ModifyImageSharePermissionRequest({
            regionId,
            imageId: byRegion[regionId],
            addAccount: workloadIds.slice(i, i + SHARE_BATCH),
          }),
        );
      }
    }
  }

  // The builders are released once imaged; the outdated image is deprecated now that v2 replaces it
  // (Alibaba refuses to deprecate a shared image: it never was).
  for (const instanceId of [ubuntu, alinux]) {
    await ecs.stopInstance(new EcsModule.StopInstanceRequest({ instanceId }));
    await ecs.deleteInstance(new EcsModule.DeleteInstanceRequest({ instanceId }));
  }
  await ecs.modifyImageAttribute(
    new EcsModule.ModifyImageAttributeRequest({
      regionId: BUILD_REGION,
      imageId: outdated,
      status: "Deprecated",
    }),
  );
  return { ...everywhere, outdated };
}
