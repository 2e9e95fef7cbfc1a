import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { generateKeys, PiiCipher } from "@cert/pii";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "./helpers";

// The downstream-reader example of @cert/pii's README is its examples/downstream-reader.mjs,
// verbatim: this test keeps the two identical and runs the example against the real `users`
// table (every migration applied) holding rows encrypted by @cert/pii, so the documentation
// cannot drift from the format or the schema. (It lives here, not in @cert/pii, because it
// needs this package's migrations.)

const root = join(import.meta.dirname, "..", "..", "pii");
const examplePath = join(root, "examples", "downstream-reader.mjs");

interface Reader {
  decrypt(column: string, value: string): string;
  findByCi(pool: pg.Pool, ci: string): Promise<Array<{ userId: string; name: string }>>;
}

let db: TestDatabase;
let pool: pg.Pool;

beforeAll(async () => {
  db = await createTestDatabase();
  pool = new pg.Pool({ connectionString: db.url, max: 2 });
});

afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

describe("README downstream-reader example", () => {
  it("is quoted verbatim in the README", () => {
    const readme = readFileSync(join(root, "README.md"), "utf8");
    const example = readFileSync(examplePath, "utf8").trim();
    expect(readme).toContain(`\`\`\`js\n${example}\n\`\`\``);
  });

  it("decrypts columns and finds a person by CI with only the two keys", async () => {
    const env = generateKeys("2027a");
    const writer = PiiCipher.fromEnv(env);
    const people = [
      { ci: "CI-of-홍길동-88chars==", name: "홍길동", phone: "01012345678" },
      { ci: "CI-of-someone-else==", name: "김철수", phone: "01087654321" },
    ];
    for (const p of people) {
      await pool.query("INSERT INTO users (ci_hash, ci, name, phone) VALUES ($1, $2, $3, $4)", [
        writer.ciHash(p.ci),
        writer.encrypt("ci", p.ci),
        writer.encrypt("name", p.name),
        writer.encrypt("phone", p.phone),
      ]);
    }
    const { piiReader } = (await import(pathToFileURL(examplePath).href)) as {
      piiReader(env: object): Reader;
    };
    const reader = piiReader(env);

    const found = await reader.findByCi(pool, "CI-of-홍길동-88chars==");
    expect(found).toHaveLength(1);
    expect(found[0]?.name).toBe("홍길동");
    expect(found[0]?.userId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await reader.findByCi(pool, "CI-of-nobody")).toEqual([]);

    const { rows } = await pool.query<{ phone: string; ci: string }>(
      "SELECT phone, ci FROM users WHERE user_id = $1",
      [found[0]?.userId],
    );
    expect(reader.decrypt("phone", rows[0]?.phone ?? "")).toBe("01012345678");
    expect(reader.decrypt("ci", rows[0]?.ci ?? "")).toBe("CI-of-홍길동-88chars==");
    // The AAD binds the column: the example refuses a phone read as a name.
    expect(() => reader.decrypt("name", rows[0]?.phone ?? "")).toThrow();
  });
});
