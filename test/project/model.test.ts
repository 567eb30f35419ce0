/** The project model (`src/project/`): what other modules export and what their functions cost, or "unknown". */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportedValue, functionCost, isOwnModule, resetProject } from "../../src/project/index.js";

import { type TempTree, tempTree } from "../support/temp-tree.js";

let tree: TempTree;
const file = (name: string) => tree.file(name);
const write = (name: string, text: string) => tree.write(name, text);

beforeAll(() => {
  tree = tempTree("concurrency-project-");
  write("package.json", JSON.stringify({ name: "app", type: "module" }));
  write("db.js", 'import pg from "pg";\nexport const pool = new pg.Pool({ connectionTimeoutMillis: 5000, max: 10 });\n');
  write("db.cjs", 'const { Pool } = require("pg");\nconst pool = new Pool();\nmodule.exports = { pool, query: (text) => pool.query(text) };\n');
  write("index.ts", 'export * from "./db.js";\nexport { sendEmail as send } from "./mailer.js";\n');
  write("pool.ts", 'import { Pool } from "pg";\nconst shared = new Pool();\nexport default shared;\n');
  write("mailer.js", 'import axios from "axios";\nexport async function sendEmail(user) {\n  await axios.post("https://mail.example.com", { to: user.email });\n}\n');
  write("repo.js", 'import { pool } from "./db.js";\nexport const findUser = async (id) => (await pool.query("SELECT * FROM users WHERE id = $1", [id])).rows[0];\n');
  write("service.js", 'import { findUser } from "./repo.js";\nimport { sendEmail } from "./mailer.js";\nexport async function welcome(id) {\n  const user = await findUser(id);\n  await sendEmail(user);\n}\nexport function label(user) {\n  return `${user.name.trim()} <${JSON.stringify(user.email)}>`;\n}\n');
  write("limited.js", 'import pLimit from "p-limit";\nimport { sendEmail } from "./mailer.js";\nconst limit = pLimit(4);\nexport function notify(user) {\n  return limit(() => sendEmail(user));\n}\n');
  write("cycle-a.js", 'import { b } from "./cycle-b.js";\nexport function a() {\n  return b();\n}\n');
  write("cycle-b.js", 'import { a } from "./cycle-a.js";\nexport function b() {\n  return a();\n}\n');
  write("broken.js", "export const = ;\n");
  write("param.js", "export async function run(task) {\n  return task();\n}\n");
  resetProject();
});
afterAll(() => tree.remove());

describe("exportedValue", () => {
  it("traces an ESM export to the constructor that made it, with its option keys and line", () => {
    expect(exportedValue(file("app.js"), { module: "./db.js", path: ["pool"] })).toEqual({
      kind: "create",
      how: "new",
      creator: { module: "pg", path: ["default", "Pool"] },
      keys: ["connectionTimeoutMillis", "max"],
      file: file("db.js"),
      line: 2,
    });
  });

  it("reads module.exports objects, through a local alias, from require and from an ESM default import", () => {
    const expected = { kind: "create", how: "new", creator: { module: "pg", path: ["Pool"] }, keys: undefined, file: file("db.cjs"), line: 2 };
    expect(exportedValue(file("app.js"), { module: "./db.cjs", path: ["pool"] })).toEqual(expected);
    expect(exportedValue(file("app.js"), { module: "./db.cjs", path: ["default", "pool"] })).toEqual(expected);
  });

  it("follows export * and renamed re-exports, a renamed local and a default export, with .js naming a .ts file", () => {
    expect(exportedValue(file("app.ts"), { module: "./index.js", path: ["pool"] })).toMatchObject({ kind: "create", creator: { module: "pg" }, file: file("db.js") });
    expect(exportedValue(file("app.ts"), { module: "./index.js", path: ["send"] })).toMatchObject({ kind: "function", name: "sendEmail", file: file("mailer.js"), line: 2 });
    expect(exportedValue(file("app.ts"), { module: "./pool.js", path: ["default"] })).toMatchObject({ kind: "create", creator: { module: "pg", path: ["Pool"] }, line: 2 });
  });

  it("answers undefined for what it cannot see: a package, a module that does not resolve or parse, a missing export", () => {
    expect(exportedValue(file("app.js"), { module: "pg", path: ["Pool"] })).toBeUndefined();
    expect(exportedValue(file("app.js"), { module: "./missing.js", path: ["pool"] })).toBeUndefined();
    expect(exportedValue(file("app.js"), { module: "./broken.js", path: ["x"] })).toBeUndefined();
    expect(exportedValue(file("app.js"), { module: "./db.js", path: ["nothing"] })).toBeUndefined();
    expect(isOwnModule(file("app.js"), "./db.js")).toBe(true);
    expect(isOwnModule(file("app.js"), "node:fs")).toBe(false);
  });
});

describe("functionCost", () => {
  it("is what the function does, transitively across modules", () => {
    expect(functionCost(file("app.js"), { module: "./mailer.js", path: ["sendEmail"] })).toBe("remote");
    expect(functionCost(file("app.js"), { module: "./repo.js", path: ["findUser"] })).toBe("database");
    expect(functionCost(file("app.js"), { module: "./service.js", path: ["welcome"] })).toBe("remote");
    expect(functionCost(file("app.js"), { module: "./service.js", path: ["label"] })).toBe("cheap");
    expect(functionCost(file("app.js"), { module: "./db.cjs", path: ["query"] })).toBe("database");
  });

  it("is limited when the function runs its work through a limiter, unknown when it calls what it is given or a cycle", () => {
    expect(functionCost(file("app.js"), { module: "./limited.js", path: ["notify"] })).toBe("limited");
    expect(functionCost(file("app.js"), { module: "./param.js", path: ["run"] })).toBe("unknown");
    expect(functionCost(file("app.js"), { module: "./cycle-a.js", path: ["a"] })).toBe("unknown");
    expect(functionCost(file("app.js"), { module: "./missing.js", path: ["a"] })).toBe("unknown");
  });

  it("sees a changed file again (cached by mtime and size)", () => {
    write("mailer.js", "export function sendEmail(user) {\n  return user.email.toLowerCase();\n}\n");
    expect(functionCost(file("app.js"), { module: "./mailer.js", path: ["sendEmail"] })).toBe("cheap");
  });
});
