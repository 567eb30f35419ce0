import rule from "../../rules/require-timeout.js";
import path from "node:path";
import { createRuleTester, createTypedRuleTester, IN_REPO_CJS, IN_REPO_JS, IN_REPO_MJS, IN_REPO_TS, IN_REPO_TSX, ROOT, TYPED_FILE } from "../helpers.js";

/** Where the code runs decides (src/ast/runtime/runtime-context.ts): a test file, a script, a server file. */
const TEST_FILE = path.join(ROOT, "src", "api", "users.test.ts");
const SCRIPT_FILE = path.join(ROOT, "scripts", "release.mjs");

const ruleTester = createRuleTester();
const AUTOFIX = [{ autofix: true }] as const;
/** Module-level requests are startup code: these cases ask for them, as the `strict` config does. */
const AUTOFIX_EVERYWHERE = [{ autofix: true, checkScripts: true }] as const;

ruleTester.run("require-timeout", rule, {
  valid: [
    // fetch with a signal, or an init that cannot be seen
    { filename: IN_REPO_TS, code: "await fetch(url, { signal: AbortSignal.timeout(5000) });" },
    { filename: IN_REPO_TS, code: "const controller = new AbortController();\nawait fetch(url, { method: 'POST', signal: controller.signal });" },
    { filename: IN_REPO_TS, code: "async function call(url: string, init: RequestInit) { return fetch(url, init); }" },
    { filename: IN_REPO_TS, code: "async function call(url: string, init: RequestInit) { return fetch(url, { ...init, method: 'GET' }); }" },
    { filename: IN_REPO_TS, code: "async function call(...args: [string, RequestInit]) { return fetch(...args); }" },
    { filename: IN_REPO_TS, code: "await fetch(new Request(url, { signal: AbortSignal.timeout(5000) }));" },
    { filename: IN_REPO_TS, code: "async function send(request: Request) { return fetch(request); }" },
    { filename: IN_REPO_TS, code: "import { Agent, fetch } from 'undici';\nconst dispatcher = new Agent({ headersTimeout: 5000 });\nawait fetch(url, { dispatcher });" },
    { filename: IN_REPO_MJS, code: "import fetch from 'node-fetch';\nawait fetch(url, { timeout: 5000 });" },
    // The wait is raced or wrapped by a timeout helper
    { filename: IN_REPO_TS, code: "await Promise.race([fetch(url), sleep(5000).then(() => { throw new Error('timeout'); })]);" },
    { filename: IN_REPO_TS, code: "import pTimeout from 'p-timeout';\nawait pTimeout(fetch(url).then((r) => r.json()), { milliseconds: 5000 });" },
    { filename: IN_REPO_TS, code: "await withTimeout(axios.get(url), 5000);" },
    // Look-alikes: local functions and other modules
    { filename: IN_REPO_TS, code: "function fetch(url: string) { return cache.get(url); }\nawait fetch('/users');" },
    { filename: IN_REPO_TS, code: "import { exec } from './shell';\nexec('ls', () => {});" },
    { filename: IN_REPO_TS, code: "import { get } from './http-client';\nawait get(url);" },
    { filename: IN_REPO_TS, code: "class Pool { constructor(public size = 1) {} }\nconst pool = new Pool();" },
    { filename: IN_REPO_TS, code: "const client = { get: (url: string) => url };\nclient.get('/x');" },
    // axios with a bound, per call or on the instance
    { filename: IN_REPO_TS, code: "import axios from 'axios';\nawait axios.get(url, { timeout: 5000 });\nawait axios.post(url, body, { signal: AbortSignal.timeout(5000) });\nawait axios({ url, timeout: 5000 });" },
    { filename: IN_REPO_TS, code: "import axios from 'axios';\nconst api = axios.create({ baseURL, timeout: 5000 });\nawait api.get('/users');\nawait api.post('/users', body);" },
    { filename: IN_REPO_TS, code: "import axios from 'axios';\nexport const api = axios.create({ baseURL });\napi.defaults.timeout = 5000;" },
    { filename: IN_REPO_CJS, code: "const axios = require('axios');\naxios.defaults.timeout = 5000;\nasync function load(url) { return axios.get(url); }" },
    { filename: IN_REPO_TS, code: "import axios from 'axios';\nasync function load(config: object) { return axios(config); }\nasync function loadAll(url: string, config: object) { return axios.get(url, config); }" },
    { filename: IN_REPO_TS, code: "import axios from 'axios';\nasync function post(url: string, body: unknown) { return axios.post(url, body, { ...defaults }); }" },
    { filename: IN_REPO_TS, code: "import axios from 'axios';\naxios.interceptors.request.use((config) => ({ ...config, timeout: config.timeout || 5000 }));\nawait axios.get(url);" },
    // got with a bound, or options that cannot be seen
    { filename: IN_REPO_TS, code: "import got from 'got';\nawait got(url, { timeout: { request: 5000 } });\nawait got.post(url, { json: body, timeout: { response: 5000 } });" },
    { filename: IN_REPO_TS, code: "import got from 'got';\nconst client = got.extend({ prefixUrl: base, timeout: { request: 5000 } });\nawait client.get('users');" },
    { filename: IN_REPO_TS, code: "import got, { type OptionsInit } from 'got';\nasync function load(options: OptionsInit) { return got(options); }" },
    { filename: IN_REPO_TS, code: "import got from 'got';\nconst client = got.extend(base, { headers });" },
    // http/https with a bound in the options, a later setTimeout, or a request that leaves the function
    { filename: IN_REPO_TS, code: "import http from 'node:http';\nhttp.get(url, { timeout: 5000 }, (res) => res.resume());" },
    { filename: IN_REPO_TS, code: "import https from 'node:https';\nhttps.request({ host, path, signal: AbortSignal.timeout(5000) }).end();" },
    { filename: IN_REPO_TS, code: "import http from 'node:http';\nhttp.get(url, (res) => res.resume()).setTimeout(5000, () => {});" },
    { filename: IN_REPO_CJS, code: "const https = require('https');\nfunction call(options) {\n  const req = https.request(options);\n  req.setTimeout(5000);\n  req.end();\n}" },
    { filename: IN_REPO_TS, code: "import { request } from 'node:https';\nexport function open(url: string) { return request(url); }" },
    { filename: IN_REPO_TS, code: "import { request } from 'node:https';\nfunction open(url: string) { const req = request(url); track(req); }" },
    // child_process with a bound, kill, or long-running on purpose
    { filename: IN_REPO_TS, code: "import { exec, execFile } from 'node:child_process';\nexec('ls', { timeout: 5000 }, () => {});\nexecFile('git', ['status'], { timeout: 5000 }, () => {});" },
    { filename: IN_REPO_TS, code: "import { exec } from 'node:child_process';\nconst child = exec('make', () => {});\nsetTimeout(() => child.kill(), 60_000);" },
    { filename: IN_REPO_TS, code: "import { spawn, fork } from 'node:child_process';\nspawn('tail', ['-f', log]);\nfork('./worker.js');" },
    { filename: IN_REPO_TS, code: "import { execFile } from 'node:child_process';\nfunction run(file: string, options: object, done: () => void) { execFile(file, options, done); }" },
    { filename: IN_REPO_CJS, code: "const cp = require('child_process');\nfunction status(args, cb) {\n  cp.execFile('git', args, cb);\n}" },
    { filename: IN_REPO_CJS, code: "const { promisify } = require('util');\nconst execAsync = promisify(require('child_process').exec);\nasync function run(cmd) { return execAsync(cmd, { timeout: 5000 }); }" },
    // pg with connectionTimeoutMillis, or a config that cannot be seen
    { filename: IN_REPO_TS, code: "import { Pool } from 'pg';\nconst pool = new Pool({ max: 10, connectionTimeoutMillis: 5000 });" },
    { filename: IN_REPO_TS, code: "import pg from 'pg';\nimport { config } from './config';\nconst pool = new pg.Pool(config.database);" },
    { filename: IN_REPO_TS, code: "import { Client } from 'pg';\nconst client = new Client();" },
    // Where the code runs: tests, scripts (folders, a #! line) and startup code are left alone.
    { filename: TEST_FILE, code: "import got from 'got';\nit('answers', async () => { await got(`${base}/health`); });" },
    { filename: SCRIPT_FILE, code: "import { exec } from 'node:child_process';\nexport async function publish() { exec('npm publish', () => {}); }" },
    { filename: IN_REPO_MJS, code: "#!/usr/bin/env node\nexport async function check(url) { return fetch(url); }\nawait check(process.argv[2]);" },
    { filename: IN_REPO_TS, code: "const response = await fetch(`${base}/config`);\nexport const config = await response.json();" },
    { filename: IN_REPO_TS, code: "import axios from 'axios';\nasync function main() { await axios.get(url); }\nexport async function initCache() { await fetch(url); }" },
    // A child process whose command is visibly a local quick tool: no peer that can stop answering.
    { filename: IN_REPO_CJS, code: "const { exec } = require('child_process');\nexports.reboot = () => { exec('sudo -n shutdown -r now', () => {}); exec('docker ps -lq', () => {}); };" },
    {
      filename: IN_REPO_CJS,
      code: [
        "const { exec, execFile } = require('node:child_process');",
        "const { promisify } = require('node:util');",
        "const run = promisify(exec);",
        "function done(error) { if (error) throw error; }",
        "async function describe(hash, file) {",
        "  exec('git rev-parse HEAD', done);",
        "  exec(`git show ${hash} --stat`, (error, out) => done(error, out));",
        "  execFile('git', ['-C', file, 'log', '-1', '--format=%H'], done);",
        "  exec(`tar xzf ${file} && ls -la`, done);",
        "  execFile('uname', ['-a'], done);",
        "  await run('which docker');",
        "  await run('node --version');",
        "}",
        "module.exports = { describe };",
      ].join("\n"),
    },
    // Through a same-file helper whose every call passes a local command
    { filename: IN_REPO_CJS, code: "const { exec } = require('child_process');\nfunction get(cmd, callback) { exec(cmd, (error, out) => callback(error, out)); }\nexports.info = (next) => { get('git rev-parse HEAD', next); get(`git log -1 --format=%cd`, next); };" },
    // A spread that brings in a bound, or cannot be seen, or is changed later
    { filename: IN_REPO_TS, code: "import axios from 'axios';\nfunction defaults() { return { timeout: 5000, headers: {} }; }\nexport const api = axios.create({ ...defaults(), baseURL });" },
    { filename: IN_REPO_TS, code: "import axios from 'axios';\nimport { defaults } from './defaults';\nexport const api = axios.create({ ...defaults(), baseURL });" },
    { filename: IN_REPO_TS, code: "const init = { method: 'POST' };\ninit.signal = AbortSignal.timeout(5000);\nexport async function send(url: string) { return fetch(url, { ...init }); }" },
    // A local variable named like a module is not the module
    { filename: IN_REPO_TS, code: "const http = createClient({ timeout: 5000 });\nexport async function load(url: string) { return http.get(url); }" },
    { filename: IN_REPO_TS, code: "import http from './http';\nexport function load(url: string) { http.request(url, () => {}); }" },
    { filename: IN_REPO_TS, code: "export function load(http: { get(url: string, cb: () => void): void }, url: string) { http.get(url, () => {}); }" },
    // Declared calls with their bound
    {
      filename: IN_REPO_TS,
      options: [{ additionalCalls: [{ module: "openai", name: "default", construct: true, optionsArgument: 0, timeoutProperty: "timeout" }] }],
      code: "import OpenAI from 'openai';\nconst client = new OpenAI({ apiKey, timeout: 30_000 });",
    },
  ],
  invalid: [
    {
      // `sudo` without `-n` may wait for a password: not a quick local command.
      filename: IN_REPO_CJS,
      code: "const { exec } = require('child_process');\nexports.restart = () => { exec('sudo kill 1', () => {}); };",
      errors: [
        {
          messageId: "missingTimeout", line: 2, column: 27, endLine: 2, endColumn: 56,
          suggestions: [{ messageId: "addTimeout", data: { example: "timeout: 60000" }, output: "const { exec } = require('child_process');\nexports.restart = () => { exec('sudo kill 1', { timeout: 60000 }, () => {}); };" }],
        },
      ],
    },
    {
      filename: IN_REPO_TS,
      code: "export async function load(url: string) {\n  const response = await fetch(url);\n  return response.json();\n}",
      errors: [
        {
          messageId: "missingTotalTimeout",
          data: { call: "fetch()", expected: "`signal`", example: "signal: AbortSignal.timeout(60000)" },
          line: 2,
          column: 26,
          endLine: 2,
          endColumn: 36,
          suggestions: [
            {
              messageId: "addTimeout",
              output: "export async function load(url: string) {\n  const response = await fetch(url, { signal: AbortSignal.timeout(60000) });\n  return response.json();\n}",
            },
          ],
        },
      ],
    },
    {
      filename: IN_REPO_TS,
      options: AUTOFIX_EVERYWHERE,
      code: "await fetch(url, { method: 'POST', body });\nawait globalThis.fetch(`${base}/x`, undefined);",
      output: "await fetch(url, { method: 'POST', body, signal: AbortSignal.timeout(60000) });\nawait globalThis.fetch(`${base}/x`, { signal: AbortSignal.timeout(60000) });",
      errors: [
        { messageId: "missingTotalTimeout", line: 1, column: 7, endLine: 1, endColumn: 43 },
        { messageId: "missingTotalTimeout", line: 2, column: 7, endLine: 2, endColumn: 47 },
      ],
    },
    {
      // A multi-line literal keeps its layout and its comments; node-fetch and undici are fetch too.
      filename: IN_REPO_MJS,
      options: [{ autofix: true, timeoutMs: 3000, checkScripts: true }],
      code: "import fetch from 'node-fetch';\nimport { fetch as undiciFetch } from 'undici';\nawait fetch(url, {\n  method: 'POST', // create\n  body,\n});\nawait undiciFetch(url);",
      output:
        "import fetch from 'node-fetch';\nimport { fetch as undiciFetch } from 'undici';\nawait fetch(url, {\n  method: 'POST', // create\n  body,\n  signal: AbortSignal.timeout(3000),\n});\nawait undiciFetch(url, { signal: AbortSignal.timeout(3000) });",
      errors: [
        { messageId: "missingTimeout", line: 3, column: 7, endLine: 6, endColumn: 3 },
        { messageId: "missingTotalTimeout", line: 7, column: 7, endLine: 7, endColumn: 23 },
      ],
    },
    {
      // axios: each method's config position, in CommonJS
      filename: IN_REPO_CJS,
      options: AUTOFIX,
      code: "const axios = require('axios');\nasync function sync(url, body) {\n  await axios.get(url);\n  await axios.post(url);\n  await axios.put(url, body, { headers: { a: 1 } });\n  await axios.request({ url, method: 'DELETE' });\n  return axios(url);\n}",
      output:
        "const axios = require('axios');\nasync function sync(url, body) {\n  await axios.get(url, { timeout: 60000 });\n  await axios.post(url, undefined, { timeout: 60000 });\n  await axios.put(url, body, { headers: { a: 1 }, timeout: 60000 });\n  await axios.request({ url, method: 'DELETE', timeout: 60000 });\n  return axios(url, { timeout: 60000 });\n}",
      errors: [
        { messageId: "missingTimeout", data: { call: "axios.get()", expected: "`timeout` or `signal`", example: "timeout: 60000" }, line: 3, column: 9, endLine: 3, endColumn: 23 },
        { messageId: "missingTimeout", line: 4, column: 9, endLine: 4, endColumn: 24 },
        { messageId: "missingTimeout", line: 5, column: 9, endLine: 5, endColumn: 52 },
        { messageId: "missingTimeout", line: 6, column: 9, endLine: 6, endColumn: 49 },
        { messageId: "missingTimeout", line: 7, column: 10, endLine: 7, endColumn: 20 },
      ],
    },
    {
      // An instance without a timeout is reported where it is created, not at each call.
      filename: IN_REPO_TSX,
      code: "import axios from 'axios';\nconst api = axios.create({ baseURL: '/api' });\nexport const Users = () => { void api.get('/users'); return <ul />; };",
      errors: [
        {
          messageId: "missingTimeout",
          data: { call: "axios.create()", expected: "`timeout`", example: "timeout: 60000" },
          line: 2,
          column: 13,
          endLine: 2,
          endColumn: 46,
          suggestions: [
            { messageId: "addTimeout", output: "import axios from 'axios';\nconst api = axios.create({ baseURL: '/api', timeout: 60000 });\nexport const Users = () => { void api.get('/users'); return <ul />; };" },
          ],
        },
      ],
    },
    {
      filename: IN_REPO_TS,
      options: AUTOFIX_EVERYWHERE,
      code: "import got from 'got';\nconst client = got.extend({});\nawait got(`${base}/jobs`);\nawait got.post(url, { json: body });",
      output: "import got from 'got';\nconst client = got.extend({ timeout: { connect: 10000, response: 60000 } });\nawait got(`${base}/jobs`, { timeout: { connect: 10000, response: 60000 } });\nawait got.post(url, { json: body, timeout: { connect: 10000, response: 60000 } });",
      errors: [
        { messageId: "missingTimeout", data: { call: "got.extend()", expected: "`timeout`", example: "timeout: { connect: 10000, response: 60000 }" }, line: 2, column: 16, endLine: 2, endColumn: 30 },
        { messageId: "missingTimeout", line: 3, column: 7, endLine: 3, endColumn: 26 },
        { messageId: "missingTimeout", line: 4, column: 7, endLine: 4, endColumn: 36 },
      ],
    },
    {
      // http: a suggestion even with autofix where nothing listens for the `error` an aborted request emits.
      filename: IN_REPO_TS,
      options: AUTOFIX_EVERYWHERE,
      code: "import http from 'node:http';\nhttp.get(url, (res) => res.resume());",
      errors: [
        {
          messageId: "missingTimeout",
          data: { call: "http.get()", expected: "`timeout` or `signal`", example: "signal: AbortSignal.timeout(60000)" },
          line: 2,
          column: 1,
          endLine: 2,
          endColumn: 37,
          suggestions: [{ messageId: "addTimeout", output: "import http from 'node:http';\nhttp.get(url, { signal: AbortSignal.timeout(60000) }, (res) => res.resume());" }],
        },
      ],
    },
    {
      // http with an `error` listener, on the variable or chained: the abort is heard, so autofix applies.
      filename: IN_REPO_CJS,
      options: AUTOFIX,
      code: "const https = require('node:https');\nexports.post = (body) => new Promise((resolve, reject) => {\n  const req = https.request({ host: 'api.example.com', method: 'POST' }, resolve);\n  req.on('error', reject);\n  req.end(body);\n});\nexports.quotes = () => new Promise((resolve, reject) => {\n  https.get('https://api.example.com/v1/quotes', (res) => resolve(res.statusCode)).on('error', reject);\n});",
      output: "const https = require('node:https');\nexports.post = (body) => new Promise((resolve, reject) => {\n  const req = https.request({ host: 'api.example.com', method: 'POST', signal: AbortSignal.timeout(60000) }, resolve);\n  req.on('error', reject);\n  req.end(body);\n});\nexports.quotes = () => new Promise((resolve, reject) => {\n  https.get('https://api.example.com/v1/quotes', { signal: AbortSignal.timeout(60000) }, (res) => resolve(res.statusCode)).on('error', reject);\n});",
      errors: [
        { messageId: "missingTimeout", line: 3, column: 15, endLine: 3, endColumn: 82 },
        { messageId: "missingTimeout", line: 8, column: 3, endLine: 8, endColumn: 83 },
      ],
    },
    {
      filename: IN_REPO_CJS,
      code: "const https = require('node:https');\nfunction post(body) {\n  return new Promise((resolve, reject) => {\n    const req = https.request({ host: 'api.example.com', method: 'POST' }, resolve);\n    req.on('error', reject);\n    req.end(body);\n  });\n}",
      errors: [
        {
          messageId: "missingTimeout",
          line: 4,
          column: 17,
          endLine: 4,
          endColumn: 84,
          suggestions: [
            {
              messageId: "addTimeout",
              output:
                "const https = require('node:https');\nfunction post(body) {\n  return new Promise((resolve, reject) => {\n    const req = https.request({ host: 'api.example.com', method: 'POST', signal: AbortSignal.timeout(60000) }, resolve);\n    req.on('error', reject);\n    req.end(body);\n  });\n}",
            },
          ],
        },
      ],
    },
    {
      // child_process: callback style, promisified, and execFile with an argument array
      filename: IN_REPO_TS,
      options: AUTOFIX_EVERYWHERE,
      code: "import { exec, execFile } from 'node:child_process';\nimport { promisify } from 'node:util';\nconst run = promisify(exec);\nexec('make', (error) => done(error));\nexecFile('git', ['pull'], () => {});\nawait run('npm test');",
      output:
        "import { exec, execFile } from 'node:child_process';\nimport { promisify } from 'node:util';\nconst run = promisify(exec);\nexec('make', { timeout: 60000 }, (error) => done(error));\nexecFile('git', ['pull'], { timeout: 60000 }, () => {});\nawait run('npm test', { timeout: 60000 });",
      errors: [
        { messageId: "missingTimeout", data: { call: "exec()", expected: "`timeout`", example: "timeout: 60000" }, line: 4, column: 1, endLine: 4, endColumn: 37 },
        { messageId: "missingTimeout", line: 5, column: 1, endLine: 5, endColumn: 36 },
        { messageId: "missingTimeout", line: 6, column: 7, endLine: 6, endColumn: 22 },
      ],
    },
    {
      // CommonJS: destructured from require, with and without the node: prefix, in request code
      filename: IN_REPO_CJS,
      code: [
        "const { exec } = require('node:child_process');",
        "const { execFile } = require('child_process');",
        "function preview(req, done) {",
        "  exec(`curl -s ${req.query.url}`, (error, out) => done(out));",
        "  execFile('git', ['fetch', 'origin'], () => done());",
        "}",
        "module.exports = { preview };",
      ].join("\n"),
      errors: [
        { messageId: "missingTimeout", data: { call: "exec()", expected: "`timeout`", example: "timeout: 60000" }, line: 4, column: 3, endLine: 4, endColumn: 62, suggestions: [{ messageId: "addTimeout", output: "const { exec } = require('node:child_process');\nconst { execFile } = require('child_process');\nfunction preview(req, done) {\n  exec(`curl -s ${req.query.url}`, { timeout: 60000 }, (error, out) => done(out));\n  execFile('git', ['fetch', 'origin'], () => done());\n}\nmodule.exports = { preview };" }] },
        { messageId: "missingTimeout", data: { call: "execFile()", expected: "`timeout`", example: "timeout: 60000" }, line: 5, column: 3, endLine: 5, endColumn: 53, suggestions: [{ messageId: "addTimeout", output: "const { exec } = require('node:child_process');\nconst { execFile } = require('child_process');\nfunction preview(req, done) {\n  exec(`curl -s ${req.query.url}`, (error, out) => done(out));\n  execFile('git', ['fetch', 'origin'], { timeout: 60000 }, () => done());\n}\nmodule.exports = { preview };" }] },
      ],
    },
    {
      // A helper's parameter: one call passes a network command
      filename: IN_REPO_CJS,
      options: AUTOFIX,
      code: "const { exec } = require('child_process');\nfunction get(cmd, callback) { exec(cmd, (error, out) => callback(error, out)); }\nexports.info = (next) => { get('git rev-parse HEAD', next); get('git pull', next); };",
      output: "const { exec } = require('child_process');\nfunction get(cmd, callback) { exec(cmd, { timeout: 60000 }, (error, out) => callback(error, out)); }\nexports.info = (next) => { get('git rev-parse HEAD', next); get('git pull', next); };",
      errors: [{ messageId: "missingTimeout", line: 2, column: 31, endLine: 2, endColumn: 78 }],
    },
    {
      // TypeScript's CommonJS output calls a named import as `(0, module_1.name)(…)`.
      filename: IN_REPO_JS,
      options: AUTOFIX,
      code: "const child_process_1 = require('node:child_process');\nfunction build(done) {\n  (0, child_process_1.exec)('npm run build', (error) => done(error));\n}\nexports.build = build;",
      output: "const child_process_1 = require('node:child_process');\nfunction build(done) {\n  (0, child_process_1.exec)('npm run build', { timeout: 60000 }, (error) => done(error));\n}\nexports.build = build;",
      errors: [{ messageId: "missingTimeout", line: 3, column: 3, endLine: 3, endColumn: 69 }],
    },
    {
      // A local quick command is reported when asked (`strict`); a network git command always is.
      filename: IN_REPO_TS,
      options: [{ autofix: true, checkLocalCommands: true }],
      code: "import { exec } from 'node:child_process';\nexport function sync(done: () => void) {\n  exec('git rev-parse HEAD', done);\n  exec('git pull --rebase', done);\n}",
      output: "import { exec } from 'node:child_process';\nexport function sync(done: () => void) {\n  exec('git rev-parse HEAD', { timeout: 60000 }, done);\n  exec('git pull --rebase', { timeout: 60000 }, done);\n}",
      errors: [
        { messageId: "missingTimeout", line: 3, column: 3, endLine: 3, endColumn: 35 },
        { messageId: "missingTimeout", line: 4, column: 3, endLine: 4, endColumn: 34 },
      ],
    },
    {
      // A spread from a same-file helper or constant whose literal has no bound
      filename: IN_REPO_TS,
      options: AUTOFIX,
      code: "import axios from 'axios';\nfunction defaults() { return { headers: { 'x-app': 'api' } }; }\nconst post = { method: 'POST' };\nexport const api = axios.create({ ...defaults(), baseURL });\nexport async function send(url: string) { return fetch(url, { ...post, body: '{}' }); }",
      output:
        "import axios from 'axios';\nfunction defaults() { return { headers: { 'x-app': 'api' } }; }\nconst post = { method: 'POST' };\nexport const api = axios.create({ ...defaults(), baseURL, timeout: 60000 });\nexport async function send(url: string) { return fetch(url, { ...post, body: '{}', signal: AbortSignal.timeout(60000) }); }",
      errors: [
        { messageId: "missingTimeout", data: { call: "axios.create()", expected: "`timeout`", example: "timeout: 60000" }, line: 4, column: 20, endLine: 4, endColumn: 60 },
        { messageId: "missingTotalTimeout", line: 5, column: 50, endLine: 5, endColumn: 85 },
      ],
    },
    {
      // A lazy import: assigned once from `await import()`, or destructured from it
      filename: IN_REPO_CJS,
      options: AUTOFIX,
      code: "let got;\nasync function ping(url, body) {\n  if (!got) got = (await import('got')).got;\n  return got.post(url, { json: body });\n}\nasync function load(url) {\n  const { default: request } = await import('got');\n  return request(url).json();\n}\nmodule.exports = { ping, load };",
      output:
        "let got;\nasync function ping(url, body) {\n  if (!got) got = (await import('got')).got;\n  return got.post(url, { json: body, timeout: { connect: 10000, response: 60000 } });\n}\nasync function load(url) {\n  const { default: request } = await import('got');\n  return request(url, { timeout: { connect: 10000, response: 60000 } }).json();\n}\nmodule.exports = { ping, load };",
      errors: [
        { messageId: "missingTimeout", data: { call: "got.post()", expected: "`timeout`", example: "timeout: { connect: 10000, response: 60000 }" }, line: 4, column: 10, endLine: 4, endColumn: 39 },
        { messageId: "missingTimeout", data: { call: "got()", expected: "`timeout`", example: "timeout: { connect: 10000, response: 60000 }" }, line: 8, column: 10, endLine: 8, endColumn: 22 },
      ],
    },
    {
      // A client configured at startup is used by every later request: module level does not exempt it.
      filename: IN_REPO_TS,
      code: "import axios from 'axios';\nexport async function main() {\n  const api = axios.create({ baseURL });\n  await api.get('/warmup');\n  return api;\n}",
      errors: [{ messageId: "missingTimeout", line: 3, column: 15, endLine: 3, endColumn: 40, suggestions: [{ messageId: "addTimeout", output: "import axios from 'axios';\nexport async function main() {\n  const api = axios.create({ baseURL, timeout: 60000 });\n  await api.get('/warmup');\n  return api;\n}" }] }],
    },
    {
      // Tests and scripts when asked (the `strict` config asks)
      filename: TEST_FILE,
      options: [{ autofix: true, checkTestFiles: true }],
      code: "import got from 'got';\nit('answers', async () => { await got(`${base}/health`); });",
      output: "import got from 'got';\nit('answers', async () => { await got(`${base}/health`, { timeout: { connect: 10000, response: 60000 } }); });",
      errors: [{ messageId: "missingTimeout", line: 2, column: 35, endLine: 2, endColumn: 56 }],
    },
    {
      filename: SCRIPT_FILE,
      options: [{ autofix: true, checkScripts: true }],
      code: "import { exec } from 'node:child_process';\nexport async function publish() { exec('npm publish', () => {}); }",
      output: "import { exec } from 'node:child_process';\nexport async function publish() { exec('npm publish', { timeout: 60000 }, () => {}); }",
      errors: [{ messageId: "missingTimeout", line: 2, column: 35, endLine: 2, endColumn: 64 }],
    },
    {
      // pg: the constructor, with and without a config literal
      filename: IN_REPO_TS,
      options: AUTOFIX,
      code: "import pg from 'pg';\nimport { Pool } from 'pg';\nexport const pool = new pg.Pool({\n  connectionString: process.env.DATABASE_URL,\n  max: 20,\n});\nexport const reports = new Pool;",
      output:
        "import pg from 'pg';\nimport { Pool } from 'pg';\nexport const pool = new pg.Pool({\n  connectionString: process.env.DATABASE_URL,\n  max: 20,\n  connectionTimeoutMillis: 10000,\n});\nexport const reports = new Pool({ connectionTimeoutMillis: 10000 });",
      errors: [
        { messageId: "missingTimeout", data: { call: "new Pool()", expected: "`connectionTimeoutMillis`", example: "connectionTimeoutMillis: 10000" }, line: 3, column: 21, endLine: 6, endColumn: 3 },
        { messageId: "missingTimeout", line: 7, column: 24, endLine: 7, endColumn: 32 },
      ],
    },
    {
      // Declared calls: an SDK constructor and a client method, with the fix's milliseconds
      filename: IN_REPO_TS,
      options: [
        {
          autofix: true,
          timeoutMs: 60000,
          checkScripts: true,
          additionalCalls: [
            { module: "openai", name: "default", construct: true, optionsArgument: 0, timeoutProperty: "timeout" },
            { module: "./rpc", name: "call", optionsArgument: 1, timeoutProperty: "signal" },
          ],
        },
      ],
      code: "import OpenAI from 'openai';\nimport { call } from './rpc';\nconst client = new OpenAI({ apiKey });\nawait call('embed');",
      output: "import OpenAI from 'openai';\nimport { call } from './rpc';\nconst client = new OpenAI({ apiKey, timeout: 60000 });\nawait call('embed', { signal: AbortSignal.timeout(60000) });",
      errors: [
        { messageId: "missingTimeout", data: { call: "new OpenAI()", expected: "`timeout`", example: "timeout: 60000" }, line: 3, column: 16, endLine: 3, endColumn: 38 },
        { messageId: "missingTimeout", data: { call: "call()", expected: "`signal`", example: "signal: AbortSignal.timeout(60000)" }, line: 4, column: 7, endLine: 4, endColumn: 20 },
      ],
    },
    {
      // A total timeout on a visible stream (`responseType: 'stream'`, `.pipe()` on the body) stays a suggestion even with autofix.
      filename: IN_REPO_TS,
      options: AUTOFIX,
      code: "import axios from 'axios';\nexport async function download(url: string, res: NodeJS.WritableStream) {\n  const response = await axios.get(url, { responseType: 'stream' });\n  response.data.pipe(res);\n}\nexport async function relay(url: string, res: NodeJS.WritableStream) {\n  const { data } = await axios.get(url);\n  data.pipe(res);\n}\nexport async function load(url: string) {\n  return (await axios.get(url)).data;\n}",
      output: "import axios from 'axios';\nexport async function download(url: string, res: NodeJS.WritableStream) {\n  const response = await axios.get(url, { responseType: 'stream' });\n  response.data.pipe(res);\n}\nexport async function relay(url: string, res: NodeJS.WritableStream) {\n  const { data } = await axios.get(url);\n  data.pipe(res);\n}\nexport async function load(url: string) {\n  return (await axios.get(url, { timeout: 60000 })).data;\n}",
      errors: [
        {
          messageId: "missingTimeout", data: { call: "axios.get()", expected: "`timeout` or `signal`", example: "timeout: 60000" }, line: 3, column: 26, endLine: 3, endColumn: 68,
          suggestions: [{ messageId: "addTotalTimeout", data: { example: "timeout: 60000" }, output: "import axios from 'axios';\nexport async function download(url: string, res: NodeJS.WritableStream) {\n  const response = await axios.get(url, { responseType: 'stream', timeout: 60000 });\n  response.data.pipe(res);\n}\nexport async function relay(url: string, res: NodeJS.WritableStream) {\n  const { data } = await axios.get(url);\n  data.pipe(res);\n}\nexport async function load(url: string) {\n  return (await axios.get(url)).data;\n}" }],
        },
        {
          messageId: "missingTimeout", line: 7, column: 26, endLine: 7, endColumn: 40,
          suggestions: [{ messageId: "addTotalTimeout", output: "import axios from 'axios';\nexport async function download(url: string, res: NodeJS.WritableStream) {\n  const response = await axios.get(url, { responseType: 'stream' });\n  response.data.pipe(res);\n}\nexport async function relay(url: string, res: NodeJS.WritableStream) {\n  const { data } = await axios.get(url, { timeout: 60000 });\n  data.pipe(res);\n}\nexport async function load(url: string) {\n  return (await axios.get(url)).data;\n}" }],
        },
        { messageId: "missingTimeout", line: 11, column: 17, endLine: 11, endColumn: 31 },
      ],
    },
    {
      // A streamed LLM answer (`stream: true` in the body, `for await` over it): fetch has only a total bound, so a suggestion.
      filename: IN_REPO_TS,
      options: AUTOFIX,
      code: "export async function chat(url: string, prompt: string) {\n  const response = await fetch(url, { method: 'POST', body: JSON.stringify({ prompt, stream: true }) });\n  for await (const chunk of response.body!) process.stdout.write(chunk);\n}",
      errors: [
        {
          messageId: "missingTotalTimeout", data: { call: "fetch()", expected: "`signal`", example: "signal: AbortSignal.timeout(60000)" }, line: 2, column: 26, endLine: 2, endColumn: 104,
          suggestions: [{ messageId: "addTotalTimeout", output: "export async function chat(url: string, prompt: string) {\n  const response = await fetch(url, { method: 'POST', body: JSON.stringify({ prompt, stream: true }), signal: AbortSignal.timeout(60000) });\n  for await (const chunk of response.body!) process.stdout.write(chunk);\n}" }],
        },
      ],
    },
    {
      // got: connect and time to the response headers, so a streamed download is not cut off: still an autofix.
      filename: IN_REPO_TS,
      options: AUTOFIX,
      code: "import got from 'got';\nimport { pipeline } from 'node:stream/promises';\nexport async function download(url: string, file: NodeJS.WritableStream) {\n  await pipeline(got.stream(url), file);\n}",
      output: "import got from 'got';\nimport { pipeline } from 'node:stream/promises';\nexport async function download(url: string, file: NodeJS.WritableStream) {\n  await pipeline(got.stream(url, { timeout: { connect: 10000, response: 60000 } }), file);\n}",
      errors: [{ messageId: "missingTimeout", data: { call: "got.stream()", expected: "`timeout`", example: "timeout: { connect: 10000, response: 60000 }" }, line: 4, column: 18, endLine: 4, endColumn: 33 }],
    },
    {
      // Declared undici and mysql2 calls: `headersTimeout` waits for an answer (timeoutMs), `connectTimeout` for a connection (connectTimeoutMs).
      filename: IN_REPO_TS,
      options: [
        {
          autofix: true,
          additionalCalls: [
            { module: "undici", name: "request", optionsArgument: 1, timeoutProperty: "headersTimeout" },
            { module: "undici", name: "Agent", construct: true, optionsArgument: 0, timeoutProperty: "headersTimeout" },
            { module: "mysql2/promise", name: "default.createPool", optionsArgument: 0, timeoutProperty: "connectTimeout" },
          ],
        },
      ],
      code: "import { request, Agent } from 'undici';\nimport mysql from 'mysql2/promise';\nexport const agent = new Agent({ keepAliveTimeout: 10 });\nexport async function load(url: string) {\n  const db = mysql.createPool({ host });\n  const { body } = await request(url, { method: 'GET' });\n  return body.json();\n}",
      output: "import { request, Agent } from 'undici';\nimport mysql from 'mysql2/promise';\nexport const agent = new Agent({ keepAliveTimeout: 10, headersTimeout: 60000 });\nexport async function load(url: string) {\n  const db = mysql.createPool({ host, connectTimeout: 10000 });\n  const { body } = await request(url, { method: 'GET', headersTimeout: 60000 });\n  return body.json();\n}",
      errors: [
        { messageId: "missingTimeout", data: { call: "new Agent()", expected: "`headersTimeout`", example: "headersTimeout: 60000" }, line: 3, column: 22, endLine: 3, endColumn: 57 },
        { messageId: "missingTimeout", data: { call: "mysql.createPool()", expected: "`connectTimeout`", example: "connectTimeout: 10000" }, line: 5, column: 14, endLine: 5, endColumn: 40 },
        { messageId: "missingTimeout", data: { call: "request()", expected: "`headersTimeout`", example: "headersTimeout: 60000" }, line: 6, column: 26, endLine: 6, endColumn: 57 },
      ],
    },
    {
      // timeoutMs and connectTimeoutMs: the wait for an answer and the wait for a connection
      filename: IN_REPO_TS,
      options: [{ autofix: true, timeoutMs: 120000, connectTimeoutMs: 3000 }],
      code: "import got from 'got';\nimport { Pool } from 'pg';\nimport axios from 'axios';\nexport const pool = new Pool();\nexport async function load(url: string) {\n  await axios.get(url);\n  return got(url).json();\n}",
      output: "import got from 'got';\nimport { Pool } from 'pg';\nimport axios from 'axios';\nexport const pool = new Pool({ connectionTimeoutMillis: 3000 });\nexport async function load(url: string) {\n  await axios.get(url, { timeout: 120000 });\n  return got(url, { timeout: { connect: 3000, response: 120000 } }).json();\n}",
      errors: [
        { messageId: "missingTimeout", data: { call: "new Pool()", expected: "`connectionTimeoutMillis`", example: "connectionTimeoutMillis: 3000" }, line: 4, column: 21, endLine: 4, endColumn: 31 },
        { messageId: "missingTimeout", data: { call: "axios.get()", expected: "`timeout` or `signal`", example: "timeout: 120000" }, line: 6, column: 9, endLine: 6, endColumn: 23 },
        { messageId: "missingTimeout", data: { call: "got()", expected: "`timeout`", example: "timeout: { connect: 3000, response: 120000 }" }, line: 7, column: 10, endLine: 7, endColumn: 18 },
      ],
    },
  ],
});

createTypedRuleTester().run("require-timeout (type-aware)", rule, {
  valid: [
    // The type says the argument is a Request, which may carry its own signal.
    { filename: TYPED_FILE, code: "declare const job: { request: Request };\nexport async function send() { return fetch(job.request); }" },
  ],
  invalid: [
    {
      // The type says `target` is a string, so it is the URL (not an options object).
      filename: TYPED_FILE,
      // The typed project lives under test/: a test file, reported when asked.
      options: [{ checkTestFiles: true }],
      code: "import got from 'got';\ndeclare const target: string;\nexport async function load() { return got(target); }",
      errors: [{ messageId: "missingTimeout", line: 3, column: 39, endLine: 3, endColumn: 50, suggestions: [{ messageId: "addTimeout", output: "import got from 'got';\ndeclare const target: string;\nexport async function load() { return got(target, { timeout: { connect: 10000, response: 60000 } }); }" }] }],
    },
  ],
});
