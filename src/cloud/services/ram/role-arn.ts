// A role's ARN. RAM writes the role name in lower case in it (`acs:ram::123:role/adminrole` for the
// role `AdminRole`), and ARNs are unique, so two role names that differ only in case cannot coexist.

export function roleArn(accountId: string, roleName: string): string {
  return `acs:ram::${accountId}:role/${roleName.toLowerCase()}`;
}
