/**
 * Condition keys every request carries whatever its action (spec §4, plus `acs:PrincipalARN`, which
 * Alibaba's control policy examples use to leave roles out of a Deny), as Alibaba spells them.
 * The tag families and `acs:TagKeys` are global too, but only present when a check has tags, so
 * the catalog lists them per action instead.
 */
export const GLOBAL_CONTEXT_KEYS = [
  "acs:CurrentTime",
  "acs:SecureTransport",
  "acs:SourceIp",
  "acs:MFAPresent",
  "acs:AccessId",
  "acs:PrincipalARN",
] as const;
