// Prints what `eslint --fix` makes of a fixture input (reports on stderr), for writing and reviewing
// `<case>.output.<ext>` files: `node scripts/fixture-preview.mjs <rule-id> fixtures/<rule-id>/<case>.input.ts`.
// Run `npm run build` first.
import { Linter } from "eslint";
import { readFileSync, existsSync } from "node:fs";
const { default: plugin } = await import("../dist/src/index.js");
const { languageOptionsFor, LINTABLE_FILES } = await import("../dist/src/util/language-options.js");
const [rule, relative] = process.argv.slice(2);
const file = (await import("node:path")).resolve(relative);
const code = readFileSync(file, "utf8");
const optPath = file.replace(/\.input\.[^.]+$/, ".options.json");
const options = existsSync(optPath) ? JSON.parse(readFileSync(optPath, "utf8")) : [];
const linter = new Linter({ configType: "flat" });
const config = [{ files: LINTABLE_FILES, languageOptions: languageOptionsFor(file), plugins: { concurrency: plugin }, rules: { [`concurrency/${rule}`]: ["error", ...options] } }];
for (const m of linter.verify(code, config, { filename: file })) console.error(`${m.line}:${m.column}-${m.endLine}:${m.endColumn} ${m.ruleId} ${m.message.slice(0, 80)} ${m.fix ? "[fix]" : ""}${m.suggestions ? "[suggest]" : ""}`);
const fixed = linter.verifyAndFix(code, config, { filename: file });
process.stdout.write(fixed.output);
