import { generateKeys, PiiCipher } from "../src/index";

/** A cipher under fresh random keys, plus the env text it came from. */
export function freshCipher(keyId = "k1") {
  const env = generateKeys(keyId);
  return { env, cipher: PiiCipher.fromEnv(env) };
}

/** Raw 32-byte key of `keyId` in an env text, for the independent codec in tests. */
export function rawKey(envKeys: string, keyId: string): Buffer {
  const pair = envKeys.split(",").find((p) => p.startsWith(`${keyId}:`));
  if (!pair) throw new Error(`no key ${keyId}`);
  return Buffer.from(pair.slice(keyId.length + 1), "base64");
}

/** The error `fn` throws (undefined when it returns), for assertions on its type and message. */
export function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
}
