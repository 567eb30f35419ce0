import rule from "../../rules/no-unbounded-promise-all.js";
import { createRuleTester, IN_REPO_TS, OUTSIDE_TS } from "../helpers.js";

const ruleTester = createRuleTester();

ruleTester.run("no-unbounded-promise-all", rule, {
  valid: [
    { code: "await Promise.all([a(), b()]);", filename: IN_REPO_TS },
  ],
  invalid: [
    {
      filename: IN_REPO_TS,
      code: `
import { fetchUser } from "./users";
export async function load(ids: string[]) {
  const users = await Promise.all(ids.map(async (id) => fetchUser(id)));
  return users;
}
`,
      output: `
import { fetchUser } from "./users";
import pLimit from "p-limit";
export async function load(ids: string[]) {
  const limit = pLimit(5);
  const users = await Promise.all(ids.map((id) => limit(async () => fetchUser(id))));
  return users;
}
`,
      errors: [{ messageId: "unboundedCollection", line: 4, column: 23, endLine: 4, endColumn: 72 }],
    },
    {
      filename: OUTSIDE_TS,
      code: `async function load(ids: string[]) { return Promise.all(ids.map((id) => fetch(id))); }`,
      errors: [{
        messageId: "unboundedCollection", line: 1, column: 45,
        suggestions: [{ messageId: "wrapInLimiter", data: { concurrency: 5 }, output: `import pLimit from "p-limit";\n\nasync function load(ids: string[]) { const limit = pLimit(5);\nreturn Promise.all(ids.map((id) => limit(() => fetch(id)))); }` }],
      }],
    },
  ],
});
