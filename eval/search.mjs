/**
 * Recall from outside the rules: searches the ledger's projects for each rule's APIs, lexically (no rule
 * code involved), and draws a seeded random sample of the sites for blind readers. A sampled site the
 * rules do not report is judged like a finding: a real problem becomes an FN row, a fine one a TN row.
 *
 * `node eval/search.mjs --out FILE [--per-rule N] [--split check|tune] [--seed S] [project…]`
 * Sites already in eval/verdicts.tsv (within one line) are left out of the sample. Needs the cache that
 * `npm run eval` fills.
 */
import { readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { ROOT } from "../bench/workspace.mjs";
import { mulberry32 } from "../scripts/proof/stub.mjs";
import { readLedger } from "./ledger.mjs";
import { listProjects, materialize, sourceFiles } from "./projects.mjs";

/** Each rule's APIs as a reader would search for them. */
export const API_PATTERNS = {
  "no-unbounded-promise-all": /\bPromise\.(?:all|allSettled)\s*\(/u,
  "no-unreleased-pool-client": /\.(?:connect|getConnection|acquire|reserve)\s*\(\s*\)/u,
  "no-unbounded-worker-spawn": /\bnew\s+Worker\s*\(|\b(?:fork|spawn)\s*\(|child_process\.(?:fork|spawn)\s*\(/u,
  "require-timeout": /\bfetch\s*\(|\baxios(?:\.(?:get|post|put|patch|delete|request))?\s*\(|\bgot(?:\.(?:get|post|put|patch|delete))?\s*\(|\bhttps?\.(?:request|get)\s*\(|\bexec(?:File)?\s*\(/u,
  "no-blocking-in-async": /\b(?:readFile|writeFile|appendFile|readdir|stat|lstat|exists|copyFile|mkdir|rm|unlink|execSync|execFileSync|spawnSync|pbkdf2|scrypt|gzip|gunzip|deflate|inflate|brotliCompress|brotliDecompress|randomFill|generateKeyPair)Sync\s*\(/u,
  "no-unbounded-queue": /\bnew\s+(?:PQueue|Bottleneck)\s*\(|\bfastq(?:\.promise)?\s*\(|\basync\.queue\s*\(|\bnew\s+Queue\s*\(/u,
  "no-connection-per-call": /\bnew\s+(?:Pool|Client|Redis|MongoClient|Sequelize|Knex|PrismaClient)\s*\(|\b(?:createPool|createClient|createConnection|knex)\s*\(/u,
};

/** What a reader is asked about a site, per rule (the same concern a finding's message states). */
export const CONCERNS = {
  "no-unbounded-promise-all": "Starts work for every element of a collection at once (Promise.all / allSettled) with no bound on how many run together; if the collection can grow and each element's work is costly (a request, a query, a process), this can exhaust a peer or the process.",
  "no-unreleased-pool-client": "Takes a client or connection from a pool; if it is not released on every path (error paths included, normally in a finally), the pool leaks until it waits forever.",
  "no-unbounded-worker-spawn": "Starts a worker thread or child process; if one is started per item or per request with no bound, load multiplies processes until the machine runs out.",
  "require-timeout": "Makes a network request or runs a command with no visible timeout or abort signal; a peer that stops answering holds the caller (and what it holds) for minutes or forever.",
  "no-blocking-in-async": "Calls a synchronous, blocking API (file system, process, crypto, zlib); where it runs inside request or job handling in a server, it blocks every other request while it runs.",
  "no-unbounded-queue": "Creates a queue or limiter without a bound on how much it holds or how fast it runs; under load it grows without limit.",
  "no-connection-per-call": "Creates a database or cache client or pool; if it happens per call or per request instead of once, each call opens new connections until the server refuses them.",
};


if (import.meta.url === `file://${process.argv[1]}`) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { out: { type: "string" }, "per-rule": { type: "string", default: "15" }, split: { type: "string", default: "check" }, seed: { type: "string", default: "20261204" }, apps: { type: "boolean" } },
  });
  const CACHE = process.env.CONCURRENCY_EVAL_CACHE ?? path.join(os.homedir(), ".cache", "eslint-plugin-concurrency", "eval");
  const { projects, appsSource } = listProjects();
  const wanted = projects.filter((project) => project.split === values.split && (!values.apps || project.kind === "app") && (positionals.length === 0 || positionals.includes(project.id)));
  const here = materialize(wanted, appsSource, CACHE, console.error);
  const { rows } = readLedger(path.join(ROOT, "eval", "verdicts.tsv"));
  const judged = [...rows.values()].map((row) => ({ pkg: row.pkg, rule: row.rule, file: row.location.replace(/:\d+$/u, ""), line: Number(row.location.match(/:(\d+)$/u)[1]) }));
  const sites = Object.fromEntries(Object.keys(API_PATTERNS).map((rule) => [rule, []]));
  for (const project of here) {
    for (const file of sourceFiles(project)) {
      const lines = readFileSync(path.join(project.dir, file), "utf8").split("\n");
      lines.forEach((text, index) => {
        if (/^\s*(?:\/\/|\*|\/\*)/u.test(text)) return;
        for (const [rule, pattern] of Object.entries(API_PATTERNS)) {
          if (!pattern.test(text)) continue;
          const line = index + 1;
          if (judged.some((row) => row.pkg === project.id && row.rule === rule && row.file === file && Math.abs(row.line - line) <= 1)) continue;
          sites[rule].push({ pkg: project.id, split: project.split, app: project.kind === "app", location: `${file}:${line}`, rule, filename: path.join(project.dir, file), line, concern: CONCERNS[rule] });
        }
      });
    }
  }
  const next = mulberry32(Number(values.seed));
  const sample = [];
  for (const [rule, list] of Object.entries(sites)) {
    const pool = [...list];
    for (let taken = 0; taken < Number(values["per-rule"]) && pool.length > 0; taken++) sample.push(pool.splice(Math.floor(next() * pool.length), 1)[0]);
    console.error(`${rule}: ${list.length} sites, ${Math.min(list.length, Number(values["per-rule"]))} sampled`);
  }
  if (values.out) writeFileSync(values.out, JSON.stringify(sample, null, 1));
}
