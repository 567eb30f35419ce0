import rule from "../../rules/require-timeout.js";
import { createRuleTester, createTypedRuleTester, IN_REPO_CJS, IN_REPO_MJS, IN_REPO_TS, IN_REPO_TSX, TYPED_FILE } from "../helpers.js";

const ruleTester = createRuleTester();
const AUTOFIX = [{ autofix: true }] as const;

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
    // Declared calls with their bound
    {
      filename: IN_REPO_TS,
      options: [{ additionalCalls: [{ module: "openai", name: "default", construct: true, optionsArgument: 0, timeoutProperty: "timeout" }] }],
      code: "import OpenAI from 'openai';\nconst client = new OpenAI({ apiKey, timeout: 30_000 });",
    },
  ],
  invalid: [
    {
      filename: IN_REPO_TS,
      code: "export async function load(url: string) {\n  const response = await fetch(url);\n  return response.json();\n}",
      errors: [
        {
          messageId: "missingTimeout",
          data: { call: "fetch()", expected: "`signal`", example: "signal: AbortSignal.timeout(10000)" },
          line: 2,
          column: 26,
          endLine: 2,
          endColumn: 36,
          suggestions: [
            {
              messageId: "addTimeout",
              output: "export async function load(url: string) {\n  const response = await fetch(url, { signal: AbortSignal.timeout(10000) });\n  return response.json();\n}",
            },
          ],
        },
      ],
    },
    {
      filename: IN_REPO_TS,
      options: AUTOFIX,
      code: "await fetch(url, { method: 'POST', body });\nawait globalThis.fetch(`${base}/x`, undefined);",
      output: "await fetch(url, { method: 'POST', body, signal: AbortSignal.timeout(10000) });\nawait globalThis.fetch(`${base}/x`, { signal: AbortSignal.timeout(10000) });",
      errors: [
        { messageId: "missingTimeout", line: 1, column: 7, endLine: 1, endColumn: 43 },
        { messageId: "missingTimeout", line: 2, column: 7, endLine: 2, endColumn: 47 },
      ],
    },
    {
      // A multi-line literal keeps its layout and its comments; node-fetch and undici are fetch too.
      filename: IN_REPO_MJS,
      options: [{ autofix: true, timeoutMs: 3000 }],
      code: "import fetch from 'node-fetch';\nimport { fetch as undiciFetch } from 'undici';\nawait fetch(url, {\n  method: 'POST', // create\n  body,\n});\nawait undiciFetch(url);",
      output:
        "import fetch from 'node-fetch';\nimport { fetch as undiciFetch } from 'undici';\nawait fetch(url, {\n  method: 'POST', // create\n  body,\n  signal: AbortSignal.timeout(3000),\n});\nawait undiciFetch(url, { signal: AbortSignal.timeout(3000) });",
      errors: [
        { messageId: "missingTimeout", line: 3, column: 7, endLine: 6, endColumn: 3 },
        { messageId: "missingTimeout", line: 7, column: 7, endLine: 7, endColumn: 23 },
      ],
    },
    {
      // axios: each method's config position, in CommonJS
      filename: IN_REPO_CJS,
      options: AUTOFIX,
      code: "const axios = require('axios');\nasync function sync(url, body) {\n  await axios.get(url);\n  await axios.post(url);\n  await axios.put(url, body, { headers: { a: 1 } });\n  await axios.request({ url, method: 'DELETE' });\n  return axios(url);\n}",
      output:
        "const axios = require('axios');\nasync function sync(url, body) {\n  await axios.get(url, { timeout: 10000 });\n  await axios.post(url, undefined, { timeout: 10000 });\n  await axios.put(url, body, { headers: { a: 1 }, timeout: 10000 });\n  await axios.request({ url, method: 'DELETE', timeout: 10000 });\n  return axios(url, { timeout: 10000 });\n}",
      errors: [
        { messageId: "missingTimeout", data: { call: "axios.get()", expected: "`timeout` or `signal`", example: "timeout: 10000" }, line: 3, column: 9, endLine: 3, endColumn: 23 },
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
          data: { call: "axios.create()", expected: "`timeout`", example: "timeout: 10000" },
          line: 2,
          column: 13,
          endLine: 2,
          endColumn: 46,
          suggestions: [
            { messageId: "addTimeout", output: "import axios from 'axios';\nconst api = axios.create({ baseURL: '/api', timeout: 10000 });\nexport const Users = () => { void api.get('/users'); return <ul />; };" },
          ],
        },
      ],
    },
    {
      filename: IN_REPO_TS,
      options: AUTOFIX,
      code: "import got from 'got';\nconst client = got.extend({});\nawait got(`${base}/jobs`);\nawait got.post(url, { json: body });",
      output: "import got from 'got';\nconst client = got.extend({ timeout: { request: 10000 } });\nawait got(`${base}/jobs`, { timeout: { request: 10000 } });\nawait got.post(url, { json: body, timeout: { request: 10000 } });",
      errors: [
        { messageId: "missingTimeout", data: { call: "got.extend()", expected: "`timeout`", example: "timeout: { request: 10000 }" }, line: 2, column: 16, endLine: 2, endColumn: 30 },
        { messageId: "missingTimeout", line: 3, column: 7, endLine: 3, endColumn: 26 },
        { messageId: "missingTimeout", line: 4, column: 7, endLine: 4, endColumn: 36 },
      ],
    },
    {
      // http: always a suggestion (an aborted request emits `error`), even with autofix.
      filename: IN_REPO_TS,
      options: AUTOFIX,
      code: "import http from 'node:http';\nhttp.get(url, (res) => res.resume());",
      errors: [
        {
          messageId: "missingTimeout",
          data: { call: "http.get()", expected: "`timeout` or `signal`", example: "signal: AbortSignal.timeout(10000)" },
          line: 2,
          column: 1,
          endLine: 2,
          endColumn: 37,
          suggestions: [{ messageId: "addTimeout", output: "import http from 'node:http';\nhttp.get(url, { signal: AbortSignal.timeout(10000) }, (res) => res.resume());" }],
        },
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
                "const https = require('node:https');\nfunction post(body) {\n  return new Promise((resolve, reject) => {\n    const req = https.request({ host: 'api.example.com', method: 'POST', signal: AbortSignal.timeout(10000) }, resolve);\n    req.on('error', reject);\n    req.end(body);\n  });\n}",
            },
          ],
        },
      ],
    },
    {
      // child_process: callback style, promisified, and execFile with an argument array
      filename: IN_REPO_TS,
      options: AUTOFIX,
      code: "import { exec, execFile } from 'node:child_process';\nimport { promisify } from 'node:util';\nconst run = promisify(exec);\nexec('make', (error) => done(error));\nexecFile('git', ['pull'], () => {});\nawait run('npm test');",
      output:
        "import { exec, execFile } from 'node:child_process';\nimport { promisify } from 'node:util';\nconst run = promisify(exec);\nexec('make', { timeout: 10000 }, (error) => done(error));\nexecFile('git', ['pull'], { timeout: 10000 }, () => {});\nawait run('npm test', { timeout: 10000 });",
      errors: [
        { messageId: "missingTimeout", data: { call: "exec()", expected: "`timeout`", example: "timeout: 10000" }, line: 4, column: 1, endLine: 4, endColumn: 37 },
        { messageId: "missingTimeout", line: 5, column: 1, endLine: 5, endColumn: 36 },
        { messageId: "missingTimeout", line: 6, column: 7, endLine: 6, endColumn: 22 },
      ],
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
      code: "import got from 'got';\ndeclare const target: string;\nexport async function load() { return got(target); }",
      errors: [{ messageId: "missingTimeout", line: 3, column: 39, endLine: 3, endColumn: 50, suggestions: [{ messageId: "addTimeout", output: "import got from 'got';\ndeclare const target: string;\nexport async function load() { return got(target, { timeout: { request: 10000 } }); }" }] }],
    },
  ],
});
