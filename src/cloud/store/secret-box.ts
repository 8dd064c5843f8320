import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { StoreError } from "./store-error.js";

// Secrets at rest (AccessKey secrets, STS secrets and tokens) are sealed with AES-256-GCM.
//
// - The store's key is derived from the master key with HKDF-SHA256 and a purpose label, so the
//   same master key can serve other purposes (e.g. the wire's encrypted diagnostic messages)
//   without two purposes ever sharing an AES key.
// - Every value is sealed with a fresh 96-bit IV, and with associated data naming the row it
//   belongs to (`access-key:LTAI…`): a sealed value copied into another row does not open.
// - The format carries a version, `v1.<iv>.<ciphertext>.<tag>` (base64url), so a later key or
//   algorithm can be introduced next to it.

const VERSION = "v1";
const PURPOSE = "imageguard/store/secrets/v1";

export const MASTER_KEY_BYTES = 32;

export class SecretBox {
  readonly #key: Buffer;

  constructor(masterKey: Buffer) {
    if (masterKey.length !== MASTER_KEY_BYTES) {
      throw new StoreError(
        "invalid-master-key",
        `the master key must be ${MASTER_KEY_BYTES} bytes, got ${masterKey.length}`,
        "generate one with `openssl rand -base64 32`",
      );
    }
    this.#key = Buffer.from(hkdfSync("sha256", masterKey, Buffer.alloc(0), PURPOSE, 32));
  }

  /** Encrypts `plaintext` for the row named by `context`. */
  seal(plaintext: string, context: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.#key, iv);
    cipher.setAAD(Buffer.from(context, "utf8"));
    const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
    return [VERSION, iv, ciphertext, cipher.getAuthTag()]
      .map((part) => (typeof part === "string" ? part : part.toString("base64url")))
      .join(".");
  }

  /** Decrypts a value sealed for `context`; throws when the key, the context or the bytes differ. */
  open(sealed: string, context: string): string {
    const [version, iv, ciphertext, tag, ...rest] = sealed.split(".");
    if (
      version !== VERSION ||
      iv === undefined ||
      ciphertext === undefined ||
      tag === undefined ||
      rest.length
    ) {
      throw new StoreError(
        "secret-undecryptable",
        `sealed value for \`${context}\` is not in the ${VERSION} format`,
      );
    }
    try {
      const decipher = createDecipheriv("aes-256-gcm", this.#key, Buffer.from(iv, "base64url"));
      decipher.setAAD(Buffer.from(context, "utf8"));
      decipher.setAuthTag(Buffer.from(tag, "base64url"));
      return Buffer.concat([
        decipher.update(Buffer.from(ciphertext, "base64url")),
        decipher.final(),
      ]).toString("utf8");
    } catch {
      throw new StoreError(
        "secret-undecryptable",
        `sealed value for \`${context}\` does not open with this master key`,
        "open the store with the master key it was created with",
      );
    }
  }
}
