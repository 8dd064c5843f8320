import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import type {
  AuthRequest,
  DecidingPolicy,
  DecisionResult,
  EvaluationError,
  PrincipalType,
  StatementRef,
} from "../../policy/index.js";

// `AccessDeniedDetail.EncodedDiagnosticMessage`: the whole decision behind a 403, sealed so that the
// caller who got it can neither read nor forge it; `ram:DecodeDiagnosticMessage` opens it.
//
// - AES-256-GCM with a key derived from the master key by HKDF-SHA256 under its own purpose label,
//   so it never shares an AES key with the store's secrets (which use another label).
// - A fresh 96-bit IV per message; the header byte and the purpose are authenticated as associated
//   data, so a flipped bit anywhere (header, IV, ciphertext, tag) makes `decodeDiagnostic` fail.
// - Wire form: base64url(version byte ‖ IV ‖ ciphertext ‖ tag), safe in JSON, XML and URLs.

const VERSION = 1;
const PURPOSE = "imageguard/cloud/diagnostic-message/v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Everything the engine knew when it refused a request: what DecodeDiagnosticMessage returns. */
export interface DiagnosticMessage {
  readonly requestId: string;
  /** ISO 8601: when the request arrived. */
  readonly time: string;
  readonly principal: {
    readonly type: PrincipalType;
    readonly accountId: string;
    readonly arn: string;
    readonly displayName: string;
    readonly accessKeyId: string;
  };
  /** The API action as called, e.g. `Ecs/RunInstances`. */
  readonly apiAction: string;
  /** The check that was refused: its RAM action, resource set and context (canonical keys). */
  readonly request: AuthRequest;
  readonly result: Exclude<DecisionResult, "Allow">;
  /** The policy (type, name, version, RD node, statement) that decided. */
  readonly decidedBy: DecidingPolicy;
  /** Every statement that matched the request, allowing or denying. */
  readonly matched: readonly StatementRef[];
  readonly errors: readonly EvaluationError[];
  /** Condition keys the policies named that the request did not carry. */
  readonly absentKeys: readonly string[];
}

function diagnosticKey(masterKey: Buffer): Buffer {
  return Buffer.from(hkdfSync("sha256", masterKey, Buffer.alloc(0), PURPOSE, 32));
}

const header = Buffer.from([VERSION]);
const associatedData = Buffer.concat([header, Buffer.from(PURPOSE, "utf8")]);

/** Seals `message` for `ram:DecodeDiagnosticMessage`. */
export function encodeDiagnostic(masterKey: Buffer, message: DiagnosticMessage): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", diagnosticKey(masterKey), iv);
  cipher.setAAD(associatedData);
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(message), "utf8"), cipher.final()]);
  return Buffer.concat([header, iv, ciphertext, cipher.getAuthTag()]).toString("base64url");
}

/**
 * Opens a message made by `encodeDiagnostic` with the same master key; undefined when it was made
 * with another key, altered in any way, or is not such a message at all.
 */
export function decodeDiagnostic(masterKey: Buffer, encoded: string): DiagnosticMessage | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(encoded)) return undefined;
  const bytes = Buffer.from(encoded, "base64url");
  // Base64 has spare bits in its last character; a non-canonical spelling is an altered message too.
  if (bytes.toString("base64url") !== encoded) return undefined;
  if (bytes.length < 1 + IV_BYTES + TAG_BYTES || bytes[0] !== VERSION) return undefined;
  const iv = bytes.subarray(1, 1 + IV_BYTES);
  const ciphertext = bytes.subarray(1 + IV_BYTES, bytes.length - TAG_BYTES);
  const tag = bytes.subarray(bytes.length - TAG_BYTES);
  try {
    const decipher = createDecipheriv("aes-256-gcm", diagnosticKey(masterKey), iv);
    decipher.setAAD(associatedData);
    decipher.setAuthTag(tag);
    const plaintext = Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString("utf8");
    return JSON.parse(plaintext) as DiagnosticMessage;
  } catch {
    return undefined;
  }
}
