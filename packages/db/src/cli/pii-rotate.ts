/**
 * `npm run pii:rotate`: after a new key was put first in PII_ENCRYPTION_KEYS and deployed,
 * re-encrypts every value still under an older key. Safe while the API and workers run;
 * rerun it after an interruption. Drop the old key only once it reports zero left to rotate.
 * Exit status: 0 done, 1 bad configuration or a failure.
 */
import { rotatePiiKeys } from "../pii/key-rotation";
import { runPiiCommand } from "./pii-command";

await runPiiCommand("pii:rotate", async (pool, cipher) => {
  const total = await rotatePiiKeys(pool, cipher, {
    onProgress: (p) =>
      console.log(
        `pii:rotate: ${p.scanned} users scanned, ${p.rotated} re-encrypted, ${p.retried} retried after concurrent writes`,
      ),
  });
  console.log(
    `pii:rotate: done, ${total.scanned} users scanned, ${total.rotated} re-encrypted under key ${cipher.primaryKeyId}, ${total.retried} retried`,
  );
});
