export { columnContext, PII_COLUMNS, type PiiColumn } from "./columns";
export { PiiDecryptError, PiiInputError, PiiKeyError } from "./errors";
export { type GeneratedKeys, generateKeys } from "./generate-keys";
export {
  ENCRYPTION_KEYS_VARIABLE,
  type EncryptionKey,
  type EncryptionKeyring,
  HMAC_KEY_VARIABLE,
  parseEncryptionKeys,
  parseHmacKey,
} from "./keys";
export { PiiCipher, type PiiKeyEnv } from "./pii-cipher";
export { type ProviderTokenSealer, providerTokenSealer } from "./provider-token";
