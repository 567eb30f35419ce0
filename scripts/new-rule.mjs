#!/usr/bin/env node
// Scaffolds a new rule under one kebab-case id: rules/<id>.ts, test/rules/<id>.test.ts,
// fixtures/<id>/ (an input and a valid file), docs/rules/<id>.md, and registers it in src/rules.ts.
// Usage: node scripts/new-rule.mjs <id> "<Disallow|Require|Enforce …>"
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const [id, description] = process.argv.slice(2);
if (!id || !/^[a-z]+(?:-[a-z]+)*$/u.test(id) || !description || !/^(?:Disallow|Require|Enforce) /u.test(description)) {
  console.error('usage: node scripts/new-rule.mjs <kebab-case-id> "Disallow|Require|Enforce …"');
  process.exit(2);
}
const camel = id.replace(/-([a-z])/gu, (_, letter) => letter.toUpperCase());
const files = {
  [`rules/${id}.ts`]: `import { createRule } from "../src/util/create-rule.js";

export type Options = [{ /** Document every option; name it positively. */ }];
export type MessageIds = "${camel}";

export default createRule<Options, MessageIds>({
  name: "${id}",
  meta: {
    type: "problem",
    docs: { description: ${JSON.stringify(description)}, recommended: "recommended" },
    schema: [{ type: "object", additionalProperties: false, properties: {} }],
    defaultOptions: [{}],
    messages: { ${camel}: "Say what is wrong and what to do instead." },
  },
  defaultOptions: [{}],
  create(context) {
    return {};
  },
});
`,
  [`test/rules/${id}.test.ts`]: `import rule from "../../rules/${id}.js";
import { createRuleTester, IN_REPO_TS } from "../helpers.js";

createRuleTester().run("${id}", rule, {
  valid: [{ filename: IN_REPO_TS, code: "" }],
  invalid: [],
});
`,
  [`fixtures/${id}/example.input.ts`]: "// A realistic piece of backend code that the rule reports.\n",
  [`fixtures/${id}/valid/example.ts`]: "// A realistic piece of backend code that the rule must not report.\n",
  [`docs/rules/${id}.md`]: `# ${id}\n\n> ${description}.\n\n## Why\n\n## Examples\n\n### ❌ Incorrect\n\n\`\`\`ts\n\`\`\`\n\n### ✅ Correct\n\n\`\`\`ts\n\`\`\`\n\n## What counts as evidence\n\n## Options\n\n## What the fix does\n\n## When not to use it\n\n## Known misses\n\n## Related rules\n`,
};
for (const [file, text] of Object.entries(files)) {
  const target = path.join(root, file);
  if (existsSync(target)) {
    console.error(`${file} exists already`);
    process.exit(1);
  }
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, text);
  console.log(`created ${file}`);
}
const registry = path.join(root, "src/rules.ts");
let text = readFileSync(registry, "utf8");
text = text.replace(/(import [^\n]+\n)(?!import)/u, `$1import ${camel} from "../rules/${id}.js";\n`);
text = text.replace(/export const rules = \{\n/u, `export const rules = {\n  "${id}": ${camel},\n`);
writeFileSync(registry, text);
console.log("registered in src/rules.ts (sort it), then: npm run docs:update");
