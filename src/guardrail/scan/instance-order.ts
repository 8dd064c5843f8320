// The order instances are listed in everywhere (scan results, remediation plans): by account name,
// account id, region and instance id, so reports read account by account and never depend on the
// order the cloud answered in.

export interface InstancePlace {
  readonly accountName: string;
  readonly accountId: string;
  readonly regionId: string;
  readonly instanceId: string;
}

export function compareInstances(a: InstancePlace, b: InstancePlace): number {
  return (
    compareText(a.accountName, b.accountName) ||
    compareText(a.accountId, b.accountId) ||
    compareText(a.regionId, b.regionId) ||
    compareText(a.instanceId, b.instanceId)
  );
}

/** By UTF-16 code units, as `<` compares: the same in every locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
