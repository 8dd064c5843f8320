// Parameters reach the audit trail, which must never hold a credential: passwords (ECS RunInstances
// `Password`, RAM `CreateLoginProfile`), secrets, signatures, tokens and private keys are replaced
// by a fixed mask that says a value was there without saying anything about it.

// `Signature` itself, not `SignatureNonce` or `SignatureMethod`, which say nothing secret.
const SECRET_NAME = /password|secret|^signature$|securitytoken|privatekey/i;

export const REDACTED = "******";

export function redactParams(params: Readonly<Record<string, string>>): Record<string, string> {
  // A null prototype, so that a parameter named `__proto__` is recorded like any other.
  const redacted = Object.create(null) as Record<string, string>;
  for (const [name, value] of Object.entries(params)) {
    redacted[name] = SECRET_NAME.test(name) ? REDACTED : value;
  }
  return redacted;
}

/** Whether redactParams would mask any of these parameters. */
export function holdsSecret(params: Readonly<Record<string, string>>): boolean {
  return Object.keys(params).some((name) => SECRET_NAME.test(name));
}
