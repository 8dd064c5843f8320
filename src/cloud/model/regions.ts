// Regions and zones are static data, as in Alibaba Cloud (DescribeRegions / DescribeZones): a
// realistic subset, with the two-letter code that Alibaba puts after the dash of resource ids made
// in the region (`i-bp…` in Hangzhou, `i-uf…` in Shanghai), which the id generators use.

export interface Zone {
  readonly zoneId: string;
  readonly localName: string;
}

export interface Region {
  readonly regionId: string;
  readonly localName: string;
  readonly regionEndpoint: string;
  /** Two characters resource ids made in this region start with, after their prefix. */
  readonly idCode: string;
  readonly zones: readonly Zone[];
}

function region(regionId: string, localName: string, idCode: string, zoneLetters: string): Region {
  const city = localName.replace(/^.*\((.*)\)$/, "$1");
  return {
    regionId,
    localName,
    regionEndpoint: `ecs.${regionId}.aliyuncs.com`,
    idCode,
    zones: [...zoneLetters].map((letter) => ({
      zoneId: `${regionId}-${letter}`,
      localName: `${city} Zone ${letter.toUpperCase()}`,
    })),
  };
}

export const REGIONS: readonly Region[] = [
  region("cn-hangzhou", "China (Hangzhou)", "bp", "bghijk"),
  region("cn-shanghai", "China (Shanghai)", "uf", "befglmn"),
  region("cn-beijing", "China (Beijing)", "2z", "acfghijkl"),
  region("cn-shenzhen", "China (Shenzhen)", "wz", "cdef"),
  region("cn-qingdao", "China (Qingdao)", "m5", "bc"),
  region("cn-zhangjiakou", "China (Zhangjiakou)", "8v", "abc"),
  region("cn-hongkong", "China (Hong Kong)", "j6", "bcd"),
  region("ap-southeast-1", "Singapore", "t4", "abc"),
  region("ap-northeast-1", "Japan (Tokyo)", "6w", "bc"),
  region("us-west-1", "US (Silicon Valley)", "rj", "ab"),
  region("us-east-1", "US (Virginia)", "0x", "ab"),
  region("eu-central-1", "Germany (Frankfurt)", "gw", "abc"),
  region("eu-west-1", "UK (London)", "d7", "ab"),
];

const byId = new Map(REGIONS.map((r) => [r.regionId, r]));

export function findRegion(regionId: string): Region | undefined {
  return byId.get(regionId);
}

export function findZone(regionId: string, zoneId: string): Zone | undefined {
  return byId.get(regionId)?.zones.find((z) => z.zoneId === zoneId);
}
