/** Package-wide facts (src/project/package-facts.ts): a default set once in one module bounds the others. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Linter } from "eslint";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import plugin from "../../src/index.js";
import { resetProject } from "../../src/project/index.js";

let root: string;
const NOTIFY = 'import axios from "axios";\nexport async function notify(url, body) {\n  await axios.post(url, body);\n}\n';
const write = (file: string, text: string) => {
  mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  writeFileSync(path.join(root, file), text);
};

beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), "concurrency-facts-"));
  for (const name of ["bounded", "unbounded", "zero"]) {
    write(`${name}/package.json`, JSON.stringify({ name, dependencies: { express: "^5.0.0", axios: "^1.0.0" } }));
    write(`${name}/src/notify.js`, NOTIFY);
  }
  write("bounded/src/server.js", 'import axios from "axios";\nexport function boot() {\n  axios.defaults.timeout = 300 * 1000;\n}\n');
  write("zero/src/server.js", 'import axios from "axios";\naxios.defaults.timeout = 0;\n');
  resetProject();
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("axios.defaults.timeout set in another module of the package", () => {
  const lint = (name: string) => {
    const file = path.join(root, name, "src", "notify.js");
    return new Linter({ cwd: root }).verify(NOTIFY, [{ files: ["**/*.js"], ...plugin.configs.recommended }], { filename: file }).map((message) => [message.ruleId, message.line, message.column]);
  };

  it("bounds the default instance's calls in every module of that package", () => {
    expect(lint("bounded")).toEqual([]);
  });

  it("does not where no module sets it, or sets it to 0 (no timeout)", () => {
    expect(lint("unbounded")).toEqual([["concurrency/require-timeout", 3, 9]]);
    expect(lint("zero")).toEqual([["concurrency/require-timeout", 3, 9]]);
  });
});
