import rule from "../../rules/no-blocking-in-async.js";
import { readFileSync } from "node:fs";
import path from "node:path";
import { createRuleTester, createTypedRuleTester, IN_REPO_CJS, IN_REPO_JS, IN_REPO_MJS, IN_REPO_TS, IN_REPO_TSX, ROOT, TYPED_FILE } from "../helpers.js";

/** Where the code runs decides (src/ast/runtime/runtime-context.ts): a test file, a script, a server file. */
const TEST_FILE = path.join(ROOT, "test", "release.js");
const SCRIPT_FILE = path.join(ROOT, "scripts", "build.mjs");

const ruleTester = createRuleTester();
const AUTOFIX = [{ autofix: true }] as const;

ruleTester.run("no-blocking-in-async", rule, {
  valid: [
    // Cheap: one file removed without `recursive`, a kernel file served from memory.
    { filename: IN_REPO_TS, code: "import { rmSync } from 'node:fs';\nexport async function unschedule(file: string) { rmSync(file, { force: true }); }" },
    { filename: IN_REPO_TS, code: "import fs from 'node:fs';\nexport async function memory() { return fs.readFileSync('/proc/meminfo', 'utf8'); }" },
    // Small by what they are: a JSON manifest named in the code, a write of a literal.
    { filename: IN_REPO_TS, code: "import { readFileSync } from 'node:fs';\nimport path from 'node:path';\nexport async function version(dir: string) { return JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')).version; }" },
    { filename: IN_REPO_TS, code: "import { writeFileSync } from 'node:fs';\nexport async function truncate(log: string) { writeFileSync(log, ''); }" },
    { filename: IN_REPO_TS, code: "import { writeFileSync } from 'node:fs';\nexport async function save(configFile: string, config: object) { writeFileSync(configFile, JSON.stringify(config)); }" },
    // fs-extra's JSON readers read settings; a metadata call in a loop over a constant list is still one call per entry of a few.
    { filename: IN_REPO_CJS, code: "const fs = require('fs-extra');\nasync function settings(file) { return fs.readJsonSync(file); }\nmodule.exports = { settings };" },
    { filename: IN_REPO_TS, code: "import { existsSync } from 'node:fs';\nexport async function findLog() { for (const dir of ['/var/log', '/tmp']) if (existsSync(dir)) return dir; }" },
    // A cheap call per element of a list whose size the code does not show (`checkCheapCalls` reports it).
    { filename: IN_REPO_TS, code: "import { statSync } from 'node:fs';\nexport async function sizes(files: string[]) { let total = 0; for (const file of files) total += statSync(file).size; return total; }" },
    // A command: a function that exits the process, or a file named for a command line.
    { filename: IN_REPO_TS, code: "import { readFileSync } from 'node:fs';\nexport async function login(path: string) {\n  const token = readFileSync(path, 'utf8');\n  if (!token) process.exit(1);\n  return token;\n}" },
    { filename: path.join(ROOT, "src", "DevCLI.ts"), code: "import { readFileSync } from 'node:fs';\nexport async function run(path: string) { return readFileSync(path, 'utf8'); }" },
    // Module level and sync functions
    { filename: IN_REPO_TS, code: "import { readFileSync } from 'node:fs';\nexport const config = JSON.parse(readFileSync('config.json', 'utf8'));" },
    { filename: IN_REPO_TS, code: "import fs from 'node:fs';\nexport function loadSync(path: string) { return fs.readFileSync(path, 'utf8'); }" },
    { filename: IN_REPO_CJS, code: "const { execSync } = require('child_process');\nconst sha = execSync('git rev-parse HEAD').toString().trim();\nmodule.exports = { sha };" },
    // The nearest function boundary decides: a sync callback or function inside async code resets it.
    { filename: IN_REPO_TS, code: "import { readFileSync } from 'node:fs';\nexport async function handler() {\n  function read(p: string) { return readFileSync(p); }\n  return new Promise((resolve) => resolve(readFileSync('a')));\n}" },
    // Startup code: an async IIFE, a main() only called from module level, a script with a #! line
    { filename: IN_REPO_MJS, code: "import { readFileSync } from 'node:fs';\n(async () => {\n  const config = JSON.parse(readFileSync('config.json', 'utf8'));\n  await start(config);\n})();" },
    { filename: IN_REPO_TS, code: "import { readFileSync } from 'node:fs';\nasync function main() {\n  const config = JSON.parse(readFileSync('config.json', 'utf8'));\n  await start(config);\n}\nmain().catch((error) => { console.error(error); process.exit(1); });" },
    { filename: IN_REPO_MJS, code: "#!/usr/bin/env node\nimport { readFileSync, writeFileSync } from 'node:fs';\nasync function run(file) { writeFileSync(file, await transform(readFileSync(file, 'utf8'))); }\nfor (const file of process.argv.slice(2)) await run(file);" },
    // Class field initialisers run when the object is built, not in the async method around them.
    { filename: IN_REPO_TS, code: "import { readFileSync } from 'node:fs';\nexport async function build() {\n  return new (class { template = readFileSync('t.html', 'utf8'); })();\n}" },
    // Tests, scripts and startup code (`init…`, `setup…`, `main`): nothing else waits on their event loop.
    { filename: TEST_FILE, code: "import { execSync } from 'node:child_process';\ntest('tags', async () => { execSync('git tag v1.0.0'); });" },
    { filename: SCRIPT_FILE, code: "import { readFileSync, writeFileSync } from 'node:fs';\nexport async function build(file) { writeFileSync(file, readFileSync(`${file}.in`)); }" },
    { filename: IN_REPO_CJS, code: "const fs = require('fs');\nmodule.exports = { init: async function (settings) { fs.writeFileSync(settings.file, '{}'); } };" },
    { filename: IN_REPO_TS, code: "import { spawnSync } from 'node:child_process';\nexport async function main() { spawnSync('convert', ['in.png', 'out.webp']); }" },
    // One metadata call (existsSync, statSync, mkdirSync, …) costs microseconds: reported with `checkCheapCalls` only.
    { filename: IN_REPO_TS, code: "import fs from 'node:fs';\nexport async function save(dir: string, file: string, body: string) {\n  if (!fs.existsSync(dir)) fs.mkdirSync(dir, { recursive: true });\n  await write(file, body, fs.statSync(dir).mode);\n}" },
    // A function only called from a module-level async IIFE is startup code too.
    { filename: IN_REPO_TS, code: "import fs from 'node:fs';\nasync function processArticle(): Promise<void> { fs.writeFileSync('out.md', render(fs.readFileSync('in.html', 'utf8'))); }\n(async () => { await processArticle(); })();" },
    // Create-if-missing: a write guarded by a missing-file check of the same target runs once in the file's life.
    { filename: IN_REPO_CJS, code: "const fs = require('fs');\nclass Db {\n  static async connect(dir) {\n    if (!fs.existsSync(Db.path)) fs.copyFileSync(Db.template, Db.path);\n    if (fs.existsSync(`${dir}/package.json`)) { load(); } else { fs.writeFileSync(`${dir}/package.json`, '{}'); }\n  }\n}\nmodule.exports = Db;" },
    // The promise and callback APIs, cheap crypto, local look-alikes
    { filename: IN_REPO_TS, code: "import { readFile } from 'node:fs/promises';\nimport { createHash, randomUUID } from 'node:crypto';\nexport async function h(p: string) { return createHash('sha256').update(await readFile(p)).digest('hex') + randomUUID(); }" },
    { filename: IN_REPO_TS, code: "function readFileSync(p: string) { return cache.get(p); }\nexport async function h() { return readFileSync('x'); }" },
    { filename: IN_REPO_TS, code: "import { readFileSync } from './virtual-fs';\nexport async function h() { return readFileSync('x'); }" },
    { filename: IN_REPO_TS, code: "const Atomics = { wait: () => 'ok' };\nexport async function h() { return Atomics.wait(); }" },
    { filename: IN_REPO_TS, code: "import { hashSync } from 'bcryptjs';\nexport async function h(p: string) { return hashSync(p, 10); }" },
  ],
  invalid: [
    {
      // `recursive` removes a whole tree.
      filename: IN_REPO_TS,
      code: "import { rmSync } from 'node:fs';\nexport async function cleanup(dir: string) { rmSync(dir, { recursive: true, force: true }); }",
      errors: [
        {
          messageId: "blockingCall", line: 2, column: 46, endLine: 2, endColumn: 91,
          suggestions: [{ messageId: "usePromiseApi", output: "import { rm } from 'node:fs/promises';\nexport async function cleanup(dir: string) { await rm(dir, { recursive: true, force: true }); }" }],
        },
      ],
    },
    {
      filename: IN_REPO_TS,
      code: "import fs from 'node:fs';\nexport async function handler(path: string) {\n  const text = fs.readFileSync(path, 'utf8');\n  return text;\n}",
      errors: [
        {
          messageId: "blockingCall",
          data: { name: "readFileSync", alternative: "`await readFile()` from `node:fs/promises`" },
          line: 3,
          column: 16,
          endLine: 3,
          endColumn: 45,
          suggestions: [
            {
              messageId: "usePromiseApi",
              data: { promiseName: "readFile" },
              output: "import fs from 'node:fs';\nexport async function handler(path: string) {\n  const text = await fs.promises.readFile(path, 'utf8');\n  return text;\n}",
            },
          ],
        },
      ],
    },
    {
      // Autofix: parentheses where `await` would bind differently; an existing fs/promises import is extended.
      filename: IN_REPO_TS,
      // `checkCheapCalls`: a single statSync is reported too (as in `strict`).
      options: [{ autofix: true, checkCheapCalls: true }],
      code: "import { readFileSync, statSync } from 'fs';\nimport { readdir } from 'fs/promises';\nexport class Store {\n  async size(p: string) {\n    return statSync(p).size + readFileSync(p, 'utf8').trim().length;\n  }\n}",
      output: [
        "import { statSync } from 'fs';\nimport { readdir, readFile } from 'fs/promises';\nexport class Store {\n  async size(p: string) {\n    return statSync(p).size + (await readFile(p, 'utf8')).trim().length;\n  }\n}",
        "import { readdir, readFile, stat } from 'fs/promises';\nexport class Store {\n  async size(p: string) {\n    return (await stat(p)).size + (await readFile(p, 'utf8')).trim().length;\n  }\n}",
      ],
      errors: [
        { messageId: "blockingCall", line: 5, column: 12, endLine: 5, endColumn: 23 },
        { messageId: "blockingCall", line: 5, column: 31, endLine: 5, endColumn: 54 },
      ],
    },
    {
      // CommonJS: the import is a require in the same style
      filename: IN_REPO_CJS,
      options: AUTOFIX,
      code: "const fs = require('fs');\nmodule.exports = async function save(req, res) {\n  fs.writeFileSync(req.params.file, req.body);\n  res.end();\n};",
      output: "const fs = require('fs');\nmodule.exports = async function save(req, res) {\n  await fs.promises.writeFile(req.params.file, req.body);\n  res.end();\n};",
      errors: [{ messageId: "blockingCall", data: { name: "writeFileSync", alternative: "`await writeFile()` from `node:fs/promises`" }, line: 3, column: 3, endLine: 3, endColumn: 46 }],
    },
    {
      // No mechanical twin: Atomics.wait, existsSync, a descriptor, throwIfNoEntry. Key derivation and zlib are fixed
      // with `promisify` (one import shared: the second fix waits for the next pass); an `execSync` Buffer stays one
      // (`encoding: 'buffer'`), and `scryptSync` in TypeScript gets its type back (`as Buffer`; `promisify(scrypt)` gives `unknown`).
      filename: IN_REPO_TSX,
      options: [{ autofix: true, checkCheapCalls: true }],
      code: [
        "import * as cp from 'node:child_process';",
        "import { pbkdf2Sync, scryptSync } from 'node:crypto';",
        "import zlib from 'node:zlib';",
        "import { existsSync, readFileSync, statSync } from 'node:fs';",
        "export const Page = async ({ file }: { file: string }) => {",
        "  const sha = cp.execSync('git rev-parse HEAD');",
        "  const key = pbkdf2Sync(file, 'salt', 100_000, 64, 'sha512');",
        "  const packed = zlib.gzipSync(key);",
        "  Atomics.wait(view, 0, 0, 50);",
        "  const stdin = readFileSync(0, 'utf8');",
        "  const info = existsSync(file) && statSync(file, { throwIfNoEntry: false });",
        "  return <pre>{String(sha)}{packed.length}{stdin}{info?.size}{scryptSync(file, 's', 32).length}</pre>;",
        "};",
      ].join("\n"),
      output: [
        [
          "import * as cp from 'node:child_process';",
          "import { pbkdf2, scryptSync } from 'node:crypto';",
          "import zlib from 'node:zlib';",
          "import { existsSync, readFileSync, statSync } from 'node:fs';",
          "import { promisify } from 'node:util';",
          "export const Page = async ({ file }: { file: string }) => {",
          "  const sha = cp.execSync('git rev-parse HEAD');",
          "  const key = await promisify(pbkdf2)(file, 'salt', 100_000, 64, 'sha512');",
          "  const packed = zlib.gzipSync(key);",
          "  Atomics.wait(view, 0, 0, 50);",
          "  const stdin = readFileSync(0, 'utf8');",
          "  const info = existsSync(file) && statSync(file, { throwIfNoEntry: false });",
          "  return <pre>{String(sha)}{packed.length}{stdin}{info?.size}{scryptSync(file, 's', 32).length}</pre>;",
          "};",
        ].join("\n"),
        [
          "import * as cp from 'node:child_process';",
          "import { pbkdf2, scrypt } from 'node:crypto';",
          "import zlib from 'node:zlib';",
          "import { existsSync, readFileSync, statSync } from 'node:fs';",
          "import { promisify } from 'node:util';",
          "export const Page = async ({ file }: { file: string }) => {",
          "  const sha = cp.execSync('git rev-parse HEAD');",
          "  const key = await promisify(pbkdf2)(file, 'salt', 100_000, 64, 'sha512');",
          "  const packed = zlib.gzipSync(key);",
          "  Atomics.wait(view, 0, 0, 50);",
          "  const stdin = readFileSync(0, 'utf8');",
          "  const info = existsSync(file) && statSync(file, { throwIfNoEntry: false });",
          "  return <pre>{String(sha)}{packed.length}{stdin}{info?.size}{((await promisify(scrypt)(file, 's', 32)) as Buffer).length}</pre>;",
          "};",
        ].join("\n"),
        [
          "import * as cp from 'node:child_process';",
          "import { pbkdf2, scrypt } from 'node:crypto';",
          "import zlib from 'node:zlib';",
          "import { existsSync, readFileSync, statSync } from 'node:fs';",
          "import { promisify } from 'node:util';",
          "export const Page = async ({ file }: { file: string }) => {",
          "  const sha = (await promisify(cp.exec)('git rev-parse HEAD', { encoding: 'buffer' })).stdout;",
          "  const key = await promisify(pbkdf2)(file, 'salt', 100_000, 64, 'sha512');",
          "  const packed = await promisify(zlib.gzip)(key);",
          "  Atomics.wait(view, 0, 0, 50);",
          "  const stdin = readFileSync(0, 'utf8');",
          "  const info = existsSync(file) && statSync(file, { throwIfNoEntry: false });",
          "  return <pre>{String(sha)}{packed.length}{stdin}{info?.size}{((await promisify(scrypt)(file, 's', 32)) as Buffer).length}</pre>;",
          "};",
        ].join("\n"),
      ],
      errors: [
        { messageId: "blockingCall", data: { name: "execSync", alternative: "`await promisify(exec)(…)` from `node:child_process` (with a `timeout`)" }, line: 6, column: 15, endLine: 6, endColumn: 48 },
        { messageId: "blockingCall", data: { name: "pbkdf2Sync", alternative: "`await promisify(pbkdf2)(…)` from `node:crypto` (it runs on the libuv thread pool)" }, line: 7, column: 15, endLine: 7, endColumn: 62 },
        { messageId: "blockingCall", data: { name: "gzipSync", alternative: "`await promisify(gzip)(…)` from `node:zlib` (or a stream)" }, line: 8, column: 18, endLine: 8, endColumn: 36 },
        { messageId: "blockingCall", data: { name: "Atomics.wait", alternative: "`await Atomics.waitAsync(…).value`" }, line: 9, column: 3, endLine: 9, endColumn: 31 },
        { messageId: "blockingCall", line: 10, column: 17, endLine: 10, endColumn: 40 },
        { messageId: "blockingCall", data: { name: "existsSync", alternative: "`await access()` from `node:fs/promises` (it rejects when the path is missing)" }, line: 11, column: 16, endLine: 11, endColumn: 32 },
        { messageId: "blockingCall", line: 11, column: 36, endLine: 11, endColumn: 77 },
        { messageId: "blockingCall", line: 12, column: 63, endLine: 12, endColumn: 88 },
      ],
    },
    {
      // zlib: an existing `promisify` import and namespace are reused; `await` is parenthesised inside `.length`.
      filename: IN_REPO_TS,
      options: AUTOFIX,
      code: "import { promisify } from 'node:util';\nimport * as zlib from 'zlib';\nexport async function size(body: Buffer) {\n  return zlib.gzipSync(body).length;\n}",
      output: "import { promisify } from 'node:util';\nimport * as zlib from 'zlib';\nexport async function size(body: Buffer) {\n  return (await promisify(zlib.gzip)(body)).length;\n}",
      errors: [{ messageId: "blockingCall", line: 4, column: 10, endLine: 4, endColumn: 29 }],
    },
    {
      // child_process in CommonJS: an unused result, and a string result (`encoding`) read from `stdout`; both
      // reuse `util.promisify` and the `cp` binding, so they apply in one pass.
      filename: IN_REPO_CJS,
      options: AUTOFIX,
      code: "const util = require('util');\nconst cp = require('child_process');\nexports.tag = async (dir) => {\n  cp.execSync('git tag v1', { cwd: dir });\n  return cp.execFileSync('git', ['describe'], { cwd: dir, encoding: 'utf8' }).trim();\n};",
      output: "const util = require('util');\nconst cp = require('child_process');\nexports.tag = async (dir) => {\n  await util.promisify(cp.exec)('git tag v1', { cwd: dir });\n  return (await util.promisify(cp.execFile)('git', ['describe'], { cwd: dir, encoding: 'utf8' })).stdout.trim();\n};",
      errors: [
        { messageId: "blockingCall", line: 4, column: 3, endLine: 4, endColumn: 42 },
        { messageId: "blockingCall", line: 5, column: 10, endLine: 5, endColumn: 78 },
      ],
    },
    {
      // A Buffer result kept as a Buffer: `encoding: 'buffer'` keeps `stdout` one. `exec` takes `execSync`'s place.
      filename: IN_REPO_CJS,
      options: AUTOFIX,
      code: "const { execSync } = require('child_process');\nexports.log = async () => {\n  const out = execSync('git log -1');\n  return out.byteLength;\n};",
      output: "const { exec } = require('child_process');\nconst { promisify } = require('util');\nexports.log = async () => {\n  const out = (await promisify(exec)('git log -1', { encoding: 'buffer' })).stdout;\n  return out.byteLength;\n};",
      errors: [{ messageId: "blockingCall", line: 3, column: 15, endLine: 3, endColumn: 37 }],
    },
    {
      // Read as text in a template literal; scrypt in JavaScript keeps its Buffer. Each merges into its own import
      // and both end at the template: one per pass.
      filename: IN_REPO_MJS,
      options: AUTOFIX,
      code: "import { execSync } from 'child_process';\nimport { scryptSync } from 'crypto';\nimport { promisify } from 'util';\nexport async function who() { return `${execSync('whoami')}:${scryptSync('a', 'b', 16).toString('hex')}`; }",
      output: [
        "import { exec } from 'child_process';\nimport { scryptSync } from 'crypto';\nimport { promisify } from 'util';\nexport async function who() { return `${(await promisify(exec)('whoami')).stdout}:${scryptSync('a', 'b', 16).toString('hex')}`; }",
        "import { exec } from 'child_process';\nimport { scrypt } from 'crypto';\nimport { promisify } from 'util';\nexport async function who() { return `${(await promisify(exec)('whoami')).stdout}:${(await promisify(scrypt)('a', 'b', 16)).toString('hex')}`; }",
      ],
      errors: [
        { messageId: "blockingCall", line: 4, column: 41, endLine: 4, endColumn: 59 },
        { messageId: "blockingCall", line: 4, column: 63, endLine: 4, endColumn: 87 },
      ],
    },
    {
      // Key-pair generation: Node's promisified `generateKeyPair` resolves to the same `{ publicKey, privateKey }`.
      filename: IN_REPO_TS,
      options: AUTOFIX,
      code: "import { generateKeyPairSync } from 'node:crypto';\nexport async function issueKeys() {\n  const { publicKey, privateKey } = generateKeyPairSync('ed25519');\n  return { publicKey, privateKey };\n}",
      output: "import { generateKeyPair } from 'node:crypto';\nimport { promisify } from 'node:util';\nexport async function issueKeys() {\n  const { publicKey, privateKey } = await promisify(generateKeyPair)('ed25519');\n  return { publicKey, privateKey };\n}",
      errors: [{ messageId: "blockingCall", line: 3, column: 37, endLine: 3, endColumn: 67 }],
    },
    {
      // The name stays imported while a use the rule does not fix (a sync function) still needs it.
      filename: IN_REPO_TS,
      options: AUTOFIX,
      code: "import { readFileSync } from 'node:fs';\nexport function loadSync(p: string) { return readFileSync(p, 'utf8'); }\nexport async function load(p: string) { return readFileSync(p, 'utf8'); }",
      output: "import { readFileSync } from 'node:fs';\nimport { readFile } from 'node:fs/promises';\nexport function loadSync(p: string) { return readFileSync(p, 'utf8'); }\nexport async function load(p: string) { return await readFile(p, 'utf8'); }",
      errors: [{ messageId: "blockingCall", line: 3, column: 48, endLine: 3, endColumn: 71 }],
    },
    {
      // Two uses of one imported name: the first is fixed, the last waits for the next pass (a fix that took the
      // name out while the other use was still being fixed would push that fix out of the pass), then goes with it.
      filename: IN_REPO_TS,
      options: AUTOFIX,
      code: "import { execFileSync } from 'node:child_process';\nexport async function head(dir: string) { return execFileSync('git', ['-C', dir, 'rev-parse', 'HEAD']).toString(); }\nexport async function branch(dir: string) { return execFileSync('git', ['-C', dir, 'branch', '--show-current']).toString(); }",
      output: [
        "import { execFileSync, execFile } from 'node:child_process';\nimport { promisify } from 'node:util';\nexport async function head(dir: string) { return (await promisify(execFile)('git', ['-C', dir, 'rev-parse', 'HEAD'])).stdout.toString(); }\nexport async function branch(dir: string) { return execFileSync('git', ['-C', dir, 'branch', '--show-current']).toString(); }",
        "import { execFile } from 'node:child_process';\nimport { promisify } from 'node:util';\nexport async function head(dir: string) { return (await promisify(execFile)('git', ['-C', dir, 'rev-parse', 'HEAD'])).stdout.toString(); }\nexport async function branch(dir: string) { return (await promisify(execFile)('git', ['-C', dir, 'branch', '--show-current'])).stdout.toString(); }",
      ],
      errors: [
        { messageId: "blockingCall", line: 2, column: 50, endLine: 2, endColumn: 103 },
        { messageId: "blockingCall", line: 3, column: 52, endLine: 3, endColumn: 112 },
      ],
    },
    {
      // No fix: `stdio` (exec captures output), options the code does not show, spread arguments, zlib's `info`.
      filename: IN_REPO_TS,
      options: AUTOFIX,
      code: "import { execSync } from 'node:child_process';\nimport { gzipSync } from 'node:zlib';\nexport async function run(cmd: string, opts: object, args: [Buffer]) {\n  execSync(cmd, { stdio: 'inherit' });\n  execSync(cmd, opts);\n  gzipSync(...args);\n  return gzipSync(args[0], { info: true });\n}",
      output: null,
      errors: [
        { messageId: "blockingCall", line: 4, column: 3, endLine: 4, endColumn: 38 },
        { messageId: "blockingCall", line: 5, column: 3, endLine: 5, endColumn: 22 },
        { messageId: "blockingCall", line: 6, column: 3, endLine: 6, endColumn: 20 },
        { messageId: "blockingCall", line: 7, column: 10, endLine: 7, endColumn: 43 },
      ],
    },
    {
      // spawnSync and an exported async function (request code, not startup)
      filename: IN_REPO_MJS,
      code: "import { spawnSync } from 'node:child_process';\nexport async function convert() {\n  spawnSync('convert', ['in.png', 'out.webp']);\n}",
      errors: [
        {
          messageId: "blockingCall",
          data: { name: "spawnSync", alternative: "`spawn` from `node:child_process` and `await once(child, \"close\")` (from `node:events`)" },
          line: 3,
          column: 3,
          endLine: 3,
          endColumn: 47,
        },
      ],
    },
    {
      // Async arrows as request handlers; aliases through destructured requires
      filename: IN_REPO_CJS,
      code: "const { readdirSync: list } = require('node:fs');\napp.get('/files', async (req, res) => {\n  res.json(list(req.query.dir));\n});",
      errors: [
        {
          messageId: "blockingCall",
          line: 3,
          column: 12,
          endLine: 3,
          endColumn: 31,
          suggestions: [
            {
              messageId: "usePromiseApi",
              output: "const { readdir } = require('node:fs/promises');\napp.get('/files', async (req, res) => {\n  res.json(await readdir(req.query.dir));\n});",
            },
          ],
        },
      ],
    },
    {
      // A cheap call repeated over a collection that grows (a listing) is no longer cheap; TypeScript's CommonJS `(0, fs_1.name)(…)` calls
      filename: IN_REPO_JS,
      code: "const fs_1 = require('fs');\nexports.sizes = async function sizes(dir) {\n  let total = 0;\n  for (const file of await fs_1.promises.readdir(dir)) total += (0, fs_1.statSync)(file).size;\n  return total + (0, fs_1.readFileSync)('index.txt').length;\n};",
      errors: [
        { messageId: "blockingCall", data: { name: "statSync", alternative: "`await stat()` from `node:fs/promises`" }, line: 4, column: 65, endLine: 4, endColumn: 89 },
        { messageId: "blockingCall", data: { name: "readFileSync", alternative: "`await readFile()` from `node:fs/promises`" }, line: 5, column: 18, endLine: 5, endColumn: 53 },
      ],
    },
    {
      // A guard on another path does not make the write create-if-missing.
      filename: IN_REPO_CJS,
      code: "const fs = require('fs');\nexports.save = async function save(dir, file, body) {\n  if (!fs.existsSync(dir)) fs.writeFileSync(file, body);\n};",
      errors: [{ messageId: "blockingCall", data: { name: "writeFileSync", alternative: "`await writeFile()` from `node:fs/promises`" }, line: 3, column: 28, endLine: 3, endColumn: 56, suggestions: [{ messageId: "usePromiseApi", output: "const fs = require('fs');\nexports.save = async function save(dir, file, body) {\n  if (!fs.existsSync(dir)) await fs.promises.writeFile(file, body);\n};" }] }],
    },
    {
      // Tests and scripts when asked (the `strict` config asks)
      filename: TEST_FILE,
      options: [{ checkTestFiles: true }],
      code: "import { execSync } from 'node:child_process';\ntest('tags', async () => { execSync('git tag v1.0.0'); });",
      errors: [
        {
          messageId: "blockingCall", line: 2, column: 28, endLine: 2, endColumn: 54,
          // Default options: the rewrite is a suggestion; the result is unused, so `stdout` is not read.
          suggestions: [{ messageId: "usePromisified", output: "import { exec } from 'node:child_process';\nimport { promisify } from 'node:util';\ntest('tags', async () => { await promisify(exec)('git tag v1.0.0'); });" }],
        },
      ],
    },
    {
      filename: SCRIPT_FILE,
      options: [{ checkScripts: true }],
      code: "import { readFileSync } from 'node:fs';\nexport async function build(file) { return readFileSync(`${file}.in`); }",
      errors: [
        {
          messageId: "blockingCall",
          line: 2,
          column: 44,
          endLine: 2,
          endColumn: 70,
          suggestions: [{ messageId: "usePromiseApi", output: "import { readFile } from 'node:fs/promises';\nexport async function build(file) { return await readFile(`${file}.in`); }" }],
        },
      ],
    },
    {
      // Declared calls
      filename: IN_REPO_TS,
      options: [{ additionalCalls: [{ module: "bcryptjs", name: "hashSync", alternative: "`await hash()` from `bcryptjs`" }, { module: "sharp-sync", name: "default" }] }],
      code: "import { hashSync } from 'bcryptjs';\nimport resize from 'sharp-sync';\nexport async function signup(password: string, avatar: Buffer) {\n  return [hashSync(password, 12), resize(avatar)];\n}",
      errors: [
        { messageId: "blockingCall", data: { name: "hashSync", alternative: "`await hash()` from `bcryptjs`" }, line: 4, column: 11, endLine: 4, endColumn: 33 },
        { messageId: "blockingCall", data: { name: "resize", alternative: "a non-blocking alternative and `await` it" }, line: 4, column: 35, endLine: 4, endColumn: 49 },
      ],
    },
    // Imports a person would write (codemod issue 10): one import per module, one name per export.
    {
      // A namespace of `fs/promises` is reused, as is `fs.promises` through a `require("fs").promises`.
      filename: IN_REPO_TS,
      options: AUTOFIX,
      code: "import { readFileSync } from 'node:fs';\nimport * as fsp from 'fs/promises';\nexport async function load(p: string) { return readFileSync(p, 'utf8'); }",
      output: "import * as fsp from 'fs/promises';\nexport async function load(p: string) { return await fsp.readFile(p, 'utf8'); }",
      errors: [{ messageId: "blockingCall", line: 3, column: 48, endLine: 3, endColumn: 71 }],
    },
    {
      filename: IN_REPO_CJS,
      options: AUTOFIX,
      code: "const { readFileSync } = require('fs');\nconst fsp = require('fs').promises;\nexports.load = async (p) => readFileSync(p, 'utf8');",
      output: "const fsp = require('fs').promises;\nexports.load = async (p) => await fsp.readFile(p, 'utf8');",
      errors: [{ messageId: "blockingCall", line: 3, column: 29, endLine: 3, endColumn: 52 }],
    },
    {
      // TypeScript's `import fs = require("fs")` binds `fs` too.
      filename: IN_REPO_TS,
      options: AUTOFIX,
      code: "import fs = require('fs');\nexport async function load(p: string) { return fs.readFileSync(p, 'utf8'); }",
      output: "import fs = require('fs');\nexport async function load(p: string) { return await fs.promises.readFile(p, 'utf8'); }",
      errors: [{ messageId: "blockingCall", line: 2, column: 48, endLine: 2, endColumn: 74 }],
    },
    {
      // A file that names built-ins without `node:` gets `fs/promises`; where `readFile` is taken (here by a
      // parameter) the new name is a readable one, never a numbered one.
      filename: IN_REPO_CJS,
      options: AUTOFIX,
      code: "const { readFileSync } = require('fs');\nexports.load = async (p, readFile) => readFileSync(p, 'utf8') + readFile;",
      output: "const { readFile: readFileAsync } = require('fs/promises');\nexports.load = async (p, readFile) => await readFileAsync(p, 'utf8') + readFile;",
      errors: [{ messageId: "blockingCall", line: 2, column: 39, endLine: 2, endColumn: 62 }],
    },
    {
      // A multi-line destructuring require gets the new name on a line of its own; fixes of one pass that
      // all add to it apply one at a time (their edits overlap), and the next pass merges.
      filename: IN_REPO_CJS,
      options: AUTOFIX,
      code: "const {\n  readFile,\n} = require('node:fs/promises');\nconst { readdirSync, readFileSync, writeFileSync } = require('node:fs');\nexports.copy = async (a, b) => {\n  writeFileSync(b, readFileSync(a));\n  return readdirSync(b);\n};",
      output: [
        "const {\n  readFile,\n  writeFile,\n} = require('node:fs/promises');\nconst { readdirSync, readFileSync } = require('node:fs');\nexports.copy = async (a, b) => {\n  await writeFile(b, readFileSync(a));\n  return readdirSync(b);\n};",
        "const {\n  readFile,\n  writeFile,\n  readdir,\n} = require('node:fs/promises');\nconst { readFileSync } = require('node:fs');\nexports.copy = async (a, b) => {\n  await writeFile(b, readFileSync(a));\n  return await readdir(b);\n};",
        "const {\n  readFile,\n  writeFile,\n  readdir,\n} = require('node:fs/promises');\nexports.copy = async (a, b) => {\n  await writeFile(b, await readFile(a));\n  return await readdir(b);\n};",
      ],
      errors: [
        { messageId: "blockingCall", line: 6, column: 3, endLine: 6, endColumn: 36 },
        { messageId: "blockingCall", line: 6, column: 20, endLine: 6, endColumn: 35 },
        { messageId: "blockingCall", line: 7, column: 10, endLine: 7, endColumn: 24 },
      ],
    },
  ],
});

createTypedRuleTester().run("no-blocking-in-async (type-aware)", rule, {
  valid: [],
  invalid: [
    {
      // The type says the first argument is a numeric descriptor, which `node:fs/promises` does not take.
      filename: TYPED_FILE,
      // The typed project lives under test/: a test file, reported when asked.
      options: [{ autofix: true, checkTestFiles: true }],
      code: "import { readFileSync } from 'node:fs';\ndeclare const input: number;\nexport async function read() { return readFileSync(input); }",
      output: null,
      errors: [{ messageId: "blockingCall", line: 3, column: 39, endLine: 3, endColumn: 58 }],
    },
  ],
});

/**
 * Where a function runs, from its callers across the project (src/project/reachability.ts): the modules of
 * `fixtures/no-blocking-in-async/` import each other, and the code is linted under their real paths.
 */
const FIXTURES = path.join(ROOT, "fixtures", "no-blocking-in-async");
const read = (file: string) => readFileSync(path.join(FIXTURES, file), "utf8");
const reachability = {
  valid: [
    // Every caller of `loadCatalog` and `Catalog.warm`/`Catalog.load` runs at module level in lib/boot.js.
    { filename: path.join(FIXTURES, "valid", "startup-catalog.js"), code: read("valid/startup-catalog.js") },
    // A private static method reached only from `boot`, which lib/server.ts calls before it listens.
    { filename: path.join(FIXTURES, "valid", "license-cache.ts"), code: read("valid/license-cache.ts") },
    // The same file under a name nothing imports: no caller is seen, so nothing says it runs only at startup…
  ],
  invalid: [
    // …and it is reported, as it was before the project model.
    {
      filename: path.join(FIXTURES, "valid", "unimported-catalog.js"),
      code: read("valid/startup-catalog.js"),
      errors: [
        {
          messageId: "blockingCall" as const,
          line: 6,
          column: 10,
          endLine: 6,
          endColumn: 26,
          suggestions: [
            {
              messageId: "usePromiseApi" as const,
              output: read("valid/startup-catalog.js")
                .replace('import { readFileSync, readdirSync } from "node:fs";\n', 'import { readFileSync } from "node:fs";\nimport { readdir } from "node:fs/promises";\n')
                .replace("return readdirSync(dir).map(", "return (await readdir(dir)).map("),
            },
          ],
        },
        {
          messageId: "blockingCall" as const,
          line: 16,
          column: 23,
          endLine: 16,
          endColumn: 49,
          suggestions: [
            {
              messageId: "usePromiseApi" as const,
              output: read("valid/startup-catalog.js")
                .replace('import { readFileSync, readdirSync } from "node:fs";\n', 'import { readFileSync, readdirSync } from "node:fs";\nimport { readFile } from "node:fs/promises";\n')
                .replace("return JSON.parse(readFileSync(file, \"utf8\"));", "return JSON.parse(await readFile(file, \"utf8\"));"),
            },
          ],
        },
      ],
    },
    // `saveUpload` is called from a route that lib/boot.js registers: per request.
    {
      filename: path.join(FIXTURES, "upload-store.input.js"),
      code: read("upload-store.input.js"),
      errors: [
        {
          messageId: "blockingCall" as const,
          line: 5,
          column: 3,
          endLine: 5,
          endColumn: 46,
          suggestions: [
            {
              messageId: "usePromiseApi" as const,
              output: read("upload-store.input.js")
                .replace('import { writeFileSync } from "node:fs";', 'import { writeFile } from "node:fs/promises";')
                .replace("  writeFileSync(`/var/uploads/${name}`, body);", "  await writeFile(`/var/uploads/${name}`, body);"),
            },
          ],
        },
      ],
    },
  ],
};
ruleTester.run("no-blocking-in-async (callers in other modules)", rule, reachability);

/** A `let` is the package's own folder only when every value written to it is (src/ast/cost/own-files.ts). */
ruleTester.run("no-blocking-in-async (a reassigned path)", rule, {
  valid: [
    {
      filename: IN_REPO_MJS,
      code: "import { readdirSync } from 'node:fs';\nimport path from 'node:path';\nexport async function list() {\n  let dir = path.join(import.meta.dirname, 'flows');\n  const flows = readdirSync(dir);\n  dir = path.join(import.meta.dirname, 'tools');\n  return [flows, readdirSync(dir)];\n}",
    },
  ],
  invalid: [
    {
      filename: IN_REPO_MJS,
      code: "import { readdirSync } from 'node:fs';\nimport path from 'node:path';\nexport async function list(req) {\n  let dir = path.join(import.meta.dirname, 'flows');\n  if (req.query.user) dir = path.join('/srv/users', req.query.user);\n  return readdirSync(dir);\n}",
      errors: [
        {
          messageId: "blockingCall",
          line: 6,
          column: 10,
          endLine: 6,
          endColumn: 26,
          suggestions: [
            {
              messageId: "usePromiseApi",
              output: "import path from 'node:path';\nimport { readdir } from 'node:fs/promises';\nexport async function list(req) {\n  let dir = path.join(import.meta.dirname, 'flows');\n  if (req.query.user) dir = path.join('/srv/users', req.query.user);\n  return await readdir(dir);\n}",
            },
          ],
        },
      ],
    },
  ],
});
