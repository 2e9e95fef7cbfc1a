/**
 * `npm run pii:convert`: the upgrade step after the personal-data migration. Encrypts the
 * clear-text values the migration set aside into `users`, batch by batch; rerun it after an
 * interruption (it continues where it stopped). Workers refuse to start until it has run.
 * Exit status: 0 done (or nothing to do), 1 bad configuration or a failure.
 */
import { convertPiiBacklog } from "../pii/conversion-backlog";
import { runPiiCommand } from "./pii-command";

await runPiiCommand("pii:convert", async (pool, cipher) => {
  const converted = await convertPiiBacklog(pool, cipher, {
    onProgress: (n) => console.log(`pii:convert: ${n} users converted so far`),
  });
  console.log(`pii:convert: done, ${converted} users converted`);
});
