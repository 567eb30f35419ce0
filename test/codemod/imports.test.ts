/**
 * Issue 10: the codemod finishes the job, and its diffs read like a careful person's. Over CommonJS and ESM
 * files like those of an agent platform: one import per module, one name per export (reused through `fs`,
 * a namespace or an existing require), no numbered names, fix passes to a fixed point (and a report when the
 * bound stops them), a second run that changes nothing, and dependency messages that name only what a fix
 * itself imports.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Engine, MAX_FIX_PASSES, runCodemod } from "../../src/codemod/index.js";
import { formatSummary } from "../../src/codemod/summary.js";

const temps: string[] = [];
function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "concurrency-imports-"));
  temps.push(dir);
  writeFileSync(path.join(dir, "package.json"), `${JSON.stringify({ name: "agent-platform", version: "1.0.0", private: true }, null, 2)}\n`);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

const BLOCKING = ["no-blocking-in-async"];
const CHEAP_TOO = { "no-blocking-in-async": [{ autofix: true, checkCheapCalls: true }] };

/** Runs the codemod (dry run) over `dir`, then again over its output: the second run must change nothing. */
async function runTwice(dir: string, options: Parameters<typeof runCodemod>[0] = {}): Promise<Record<string, string>> {
  const first = await runCodemod({ cwd: dir, dryRun: true, ...options });
  expect(first.warnings).toEqual([]);
  const outputs: Record<string, string> = {};
  for (const file of first.files) {
    if (file.output === undefined) continue;
    outputs[file.relative] = file.output;
    writeFileSync(file.file, file.output);
  }
  const second = await runCodemod({ cwd: dir, dryRun: true, ...options });
  expect(second.files.filter((file) => file.status === "changed").map((file) => file.relative)).toEqual([]);
  return outputs;
}

const TOOLS_CJS = `const fs = require("fs");
const path = require("path");

async function readTool(root, name) {
  const text = fs.readFileSync(path.join(root, name), "utf8");
  const info = fs.lstatSync(path.join(root, name));
  const notes = fs.readFileSync(path.join(root, \`\${name}.notes\`), "utf8");
  return { text, notes, link: info.isSymbolicLink(), mode: fs.lstatSync(root).mode };
}

module.exports = { readTool };
`;

const MANY_CJS = `const { accessSync, appendFileSync, chmodSync, copyFileSync, lstatSync, mkdirSync, readFileSync, readdirSync, renameSync, statSync, unlinkSync, writeFileSync } = require("node:fs");

async function rotate(dir, name) {
  accessSync(dir);
  mkdirSync(\`\${dir}/old\`, { recursive: true });
  const entries = readdirSync(dir);
  const size = statSync(\`\${dir}/\${name}\`).size + lstatSync(dir).size;
  copyFileSync(\`\${dir}/\${name}\`, \`\${dir}/old/\${name}\`);
  renameSync(\`\${dir}/\${name}\`, \`\${dir}/\${name}.1\`);
  unlinkSync(\`\${dir}/\${name}.2\`);
  writeFileSync(\`\${dir}/\${name}\`, readFileSync(\`\${dir}/\${name}.1\`));
  appendFileSync(\`\${dir}/log\`, String(size));
  chmodSync(\`\${dir}/\${name}\`, 0o600);
  return entries;
}

module.exports = { rotate };
`;

const MANY_FIXED = `const { access, appendFile, chmod, copyFile, lstat, mkdir, readFile, readdir, rename, stat, unlink, writeFile } = require("node:fs/promises");

async function rotate(dir, name) {
  await access(dir);
  await mkdir(\`\${dir}/old\`, { recursive: true });
  const entries = await readdir(dir);
  const size = (await stat(\`\${dir}/\${name}\`)).size + (await lstat(dir)).size;
  await copyFile(\`\${dir}/\${name}\`, \`\${dir}/old/\${name}\`);
  await rename(\`\${dir}/\${name}\`, \`\${dir}/\${name}.1\`);
  await unlink(\`\${dir}/\${name}.2\`);
  await writeFile(\`\${dir}/\${name}\`, await readFile(\`\${dir}/\${name}.1\`));
  await appendFile(\`\${dir}/log\`, String(size));
  await chmod(\`\${dir}/\${name}\`, 0o600);
  return entries;
}

module.exports = { rotate };
`;

describe("imports a person would write", () => {
  it("a CommonJS file that binds fs: every call through fs.promises, no new require, no numbered names; a second run changes nothing", async () => {
    const dir = project({ "src/tools.js": TOOLS_CJS });
    const outputs = await runTwice(dir, { rules: BLOCKING, ruleOptions: CHEAP_TOO });
    expect(outputs["src/tools.js"]).toBe(`const fs = require("fs");
const path = require("path");

async function readTool(root, name) {
  const text = await fs.promises.readFile(path.join(root, name), "utf8");
  const info = await fs.promises.lstat(path.join(root, name));
  const notes = await fs.promises.readFile(path.join(root, \`\${name}.notes\`), "utf8");
  return { text, notes, link: info.isSymbolicLink(), mode: (await fs.promises.lstat(root)).mode };
}

module.exports = { readTool };
`);
  });

  it("an ESM file with an existing import of node:fs/promises: reused, and new names join it", async () => {
    const dir = project({
      "src/prompts.mjs": `import { readFileSync, writeFileSync } from "node:fs";
import { readFile } from "fs/promises";

export async function loadPrompt(name) {
  const base = await readFile(\`prompts/\${name}.md\`, "utf8");
  return base + readFileSync(\`prompts/\${name}.local.md\`, "utf8");
}

export async function savePrompt(name, text) {
  writeFileSync(\`prompts/\${name}.md\`, text);
  writeFileSync(\`prompts/\${name}.bak\`, text);
}
`,
    });
    const outputs = await runTwice(dir, { rules: BLOCKING });
    expect(outputs["src/prompts.mjs"]).toBe(`import { readFile, writeFile } from "fs/promises";

export async function loadPrompt(name) {
  const base = await readFile(\`prompts/\${name}.md\`, "utf8");
  return base + await readFile(\`prompts/\${name}.local.md\`, "utf8");
}

export async function savePrompt(name, text) {
  await writeFile(\`prompts/\${name}.md\`, text);
  await writeFile(\`prompts/\${name}.bak\`, text);
}
`);
  });

  it("twelve different exports: one merged require, to a fixed point past ESLint's 10 passes", async () => {
    const dir = project({ "src/rotate.js": MANY_CJS });
    const outputs = await runTwice(dir, { rules: BLOCKING, ruleOptions: CHEAP_TOO });
    expect(outputs["src/rotate.js"]).toBe(MANY_FIXED);
    const engine = new Engine({ ruleIds: BLOCKING, ruleOptions: CHEAP_TOO });
    const result = engine.fix(MANY_CJS, path.join(dir, "src", "rotate.js"));
    expect(result.passes).toBeGreaterThan(MAX_FIX_PASSES);
    expect(result.converged).toBe(true);
  });

  it("says when the pass bound stops the fixes short of a fixed point", async () => {
    const dir = project({ "src/rotate.js": MANY_CJS });
    const result = await runCodemod({ cwd: dir, dryRun: true, rules: BLOCKING, ruleOptions: CHEAP_TOO, maxPasses: 3 });
    const [file] = result.files;
    expect(file?.status).toBe("changed");
    expect(file?.passLimit).toBe(3);
    expect(result.warnings).toEqual(["src/rotate.js: fixes still applied after 3 passes; the result is not final, run the codemod again."]);
    expect(formatSummary(result)).toContain("warning: src/rotate.js: fixes still applied after 3 passes");
  });
});

const OCR_CJS = `const fs = require("fs");

async function ocrAll(req) {
  const Tesseract = require("tesseract.js");
  const pdf = require("pdf-parse/lib/pdf.js");
  const manifest = fs.readFileSync(req.body.manifest, "utf8");
  const pages = await pdf(manifest);
  return Promise.all(req.body.images.map((image) => Tesseract.recognize(image, pages.lang)));
}

module.exports = { ocrAll };
`;

describe("dependency messages", () => {
  it("name only the modules a fix imports, not the file's own unresolvable imports", async () => {
    const dir = project({ "src/ocr.js": OCR_CJS });
    const result = await runCodemod({ cwd: dir, dryRun: true });
    expect(result.findings.map((finding) => [finding.ruleId, finding.status, finding.modules])).toEqual([
      ["no-blocking-in-async", "fixed", undefined],
      ["no-unbounded-promise-all", "needs-dependency", ["p-limit"]],
    ]);
    const summary = formatSummary(result);
    expect(summary).toContain("Some fixes need p-limit, which the project lacks");
    expect(summary).not.toContain("tesseract");

    const added = await runCodemod({ cwd: dir, dryRun: true, addDependency: true });
    expect(added.findings.map((finding) => [finding.ruleId, finding.status, finding.modules])).toEqual([
      ["no-blocking-in-async", "fixed", undefined],
      ["no-unbounded-promise-all", "fixed", ["p-limit"]],
    ]);
    expect(added.summary.dependencies.map((dependency) => [dependency.module, dependency.action])).toEqual([["p-limit", "would-add"]]);
  });
});
