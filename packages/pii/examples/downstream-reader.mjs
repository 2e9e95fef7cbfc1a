// Reads the personal columns of `users` with nothing but Node's crypto and the two keys.
import { createDecipheriv, createHmac } from "node:crypto";

export function piiReader(env = process.env) {
  const keys = new Map(env.PII_ENCRYPTION_KEYS.split(",").map((pair) => pair.trim().split(":")));
  const hmacKey = Buffer.from(env.PII_HMAC_KEY, "base64");

  /** `value` is `v1:<keyId>:<nonce>:<sealed>`; the AAD is `users.<column>`. */
  function decrypt(column, value) {
    const [, keyId, nonce, sealed] = value.split(":");
    const bytes = Buffer.from(sealed, "base64url");
    const key = Buffer.from(keys.get(keyId), "base64");
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(nonce, "base64url"));
    decipher.setAAD(Buffer.from(`users.${column}`, "utf8"));
    decipher.setAuthTag(bytes.subarray(-16));
    return Buffer.concat([decipher.update(bytes.subarray(0, -16)), decipher.final()]).toString();
  }

  /** Finds a person by CI without decrypting anything: `ci_hash` is HMAC-SHA256(CI), hex. */
  async function findByCi(pool, ci) {
    const ciHash = createHmac("sha256", hmacKey).update(ci, "utf8").digest("hex");
    const { rows } = await pool.query("SELECT user_id, name FROM users WHERE ci_hash = $1", [
      ciHash,
    ]);
    return rows.map((row) => ({ userId: row.user_id, name: decrypt("name", row.name) }));
  }

  return { decrypt, findByCi };
}
