// JSON paths as users read them: `Statement[1].Condition.StringEquals`. Keys that are not plain
// identifiers (condition keys such as `acs:ResourceTag/app.kubernetes.io/name`) are bracketed
// and quoted so a path always names exactly one element.

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export function memberPath(parent: string, key: string): string {
  if (!IDENTIFIER.test(key)) return `${parent}[${JSON.stringify(key)}]`;
  return parent === "" ? key : `${parent}.${key}`;
}

export function itemPath(parent: string, index: number): string {
  return `${parent}[${index}]`;
}
