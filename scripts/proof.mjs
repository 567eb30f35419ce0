#!/usr/bin/env node
// `npm run proof` (issue 12): a legacy agent backend (fixtures/load-app) falls over under load; the copy
// that concurrency-codemod fixed holds the same load. Real PostgreSQL, real HTTP, a stub tool server that
// injects latency, hangs, errors and 429s.
//
//   1. start a throwaway PostgreSQL cluster on loopback (apt-get installs it when missing) and the stub;
//   2. lint the app with the plugin's `recommended` config; every expected finding must be there;
//   3. load-test the original with autocannon;
//   4. copy the app, run concurrency-codemod on the copy, show the diff, type-check it;
//   5. load-test the fixed copy the same way (same load, same stub settings, same database);
//   6. print the table, write docs/proof.md (full run only), stop everything.
//
// The last line is `proof: before errors A of N, p99 X ms; after errors B of N, p99 Y ms`; the exit code
// is 0 when A > 0 and B = 0.
//
//   node scripts/proof.mjs            full run, writes docs/proof.md
//   node scripts/proof.mjs --short    fewer requests (CI); writes nothing unless --out <file> is given
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";
import pg from "pg";

import { copyApp, countLines, probe, runLoad, startApp, tsc } from "./proof/load.mjs";
import { freePort, processesMatching, startPostgres } from "./proof/postgres.mjs";
import { proofDoc } from "./proof/report.mjs";
import { startStub } from "./proof/stub.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const appDir = path.join(root, "fixtures", "load-app");
const args = process.argv.slice(2);
const short = args.includes("--short");
const outIndex = args.indexOf("--out");
const outFile = outIndex === -1 ? (short ? undefined : path.join(root, "docs", "proof.md")) : path.resolve(args[outIndex + 1]);

/** What the load looks like; the same for both phases. */
const LOAD = {
  connections: 10,
  amount: short ? 150 : 600,
  timeoutSeconds: 5,
  maxSeconds: short ? 120 : 420,
  // One agent run: a retrieval query and the tool calls the model asked for.
  body: {
    query: "incident",
    toolCalls: ["search_web", "read_url", "run_sql", "summarize", "translate", "calendar"].map((name, index) => ({
      id: `call-${index}`,
      name,
      input: { q: `step ${index}` },
    })),
  },
};
const STUB = { latencyMs: 40, jitterMs: 80, hangRate: 0.02, errorRate: 0.05, cap: 32, seed: 12 };
const DB = { maxConnections: 24, poolSize: 5 };
// The codemod's flags. --concurrency 3: 10 concurrent runs × 3 tool calls stay under the tool server's
// 32. --timeout-ms 1000: the tool server answers in 40-120 ms, so 1 s is 8 times its slowest answer
// (the default, 60 s, is for unknown peers; the load's own timeout is 5 s). --force: the copy is not in git.
const CODEMOD_FLAGS = ["--force", "--no-color", "--concurrency", "3", "--timeout-ms", "1000"];
const EXPECTED = [
  ["no-unbounded-promise-all", "src/agent.ts"],
  ["require-timeout", "src/agent.ts"],
  ["require-timeout", "src/db.ts"],
  ["no-unreleased-pool-client", "src/task-monitor.ts"],
  ["no-connection-per-call", "src/retrieval.ts"],
];

const color = process.stdout.isTTY && !process.env.NO_COLOR;
const bold = (text) => (color ? `\u001B[1m${text}\u001B[0m` : text);
const step = (text) => console.log(`\n${bold(text)}`);

// Everything started is stopped on the way out: normal end, failure, Ctrl-C.
const children = new Set();
let database;
let stub;
let work;
function cleanupSync() {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  }
  children.clear();
  database?.stop();
  database = undefined;
  if (work) rmSync(work, { recursive: true, force: true });
  work = undefined;
}
process.on("exit", cleanupSync);
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    console.error(`\n${signal}: stopping everything the proof started`);
    cleanupSync();
    process.exit(130);
  });
}
const track = (child) => children.add(child);

async function lint(cwd) {
  const { default: plugin } = await import(path.join(root, "dist/src/index.js"));
  const { languageOptionsFor, LINTABLE_FILES } = await import(path.join(root, "dist/src/util/language-options.js"));
  const eslint = new ESLint({
    cwd,
    overrideConfigFile: true,
    overrideConfig: [{ files: LINTABLE_FILES, languageOptions: languageOptionsFor("x.ts") }, plugin.configs.recommended],
  });
  const findings = [];
  for (const result of await eslint.lintFiles(["src"])) {
    for (const message of result.messages) {
      findings.push({
        file: path.relative(cwd, result.filePath),
        line: message.line,
        rule: (message.ruleId ?? "parse error").replace(/^concurrency\//u, ""),
        remedy: message.fix ? "autofix" : message.suggestions?.length ? "suggestion" : "no fix",
        message: message.message,
      });
    }
  }
  return findings;
}

/** Database counters for one phase: sessions opened (pg_stat_database) and peak connections of the app. */
function watchDatabase(db) {
  let peak = 0;
  let stopped = false;
  const client = new pg.Client({ host: path.join(db.dir, "socket"), port: db.port, user: "postgres", database: "agents" });
  const ready = client.connect();
  const loop = (async () => {
    await ready;
    while (!stopped) {
      const { rows } = await client.query("select count(*)::int as n from pg_stat_activity where usename = 'app'");
      peak = Math.max(peak, rows[0].n);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      await client.end();
      return peak;
    },
  };
}

async function sessions(db) {
  // A backend adds its session to pg_stat_database when it exits; give the last ones a moment.
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  try {
    return (await db.admin("select sessions::int from pg_stat_database where datname = 'agents'"))[0].sessions;
  } catch {
    return Number.NaN; // PostgreSQL before 14 does not count sessions
  }
}

async function phase(name, dir) {
  await database.admin("select pg_terminate_backend(pid) from pg_stat_activity where usename = 'app'");
  await database.admin("truncate tool_results, agent_runs");
  stub.reset();
  const sessionsBefore = await sessions(database);
  const port = await freePort();
  const logFile = path.join(work, `${name}.log`);
  const app = await startApp(dir, {
    port,
    logFile,
    track,
    env: { DATABASE_URL: database.url, TOOL_SERVER_URL: stub.url, DB_POOL_SIZE: String(DB.poolSize) },
  });
  const watch = watchDatabase(database);
  console.log(
    `autocannon: POST ${app.url}/agent/run, ${LOAD.amount} requests over ${LOAD.connections} connections, ` +
      `timeout ${LOAD.timeoutSeconds} s, at most ${LOAD.maxSeconds} s`,
  );
  const load = await runLoad(app.url, LOAD);
  const answer = await probe(app.url);
  const peakConnections = await watch.stop();
  const upstream = stub.stats();
  await app.stop();
  children.delete(app.child);
  const notRecorded = countLines(logFile, /could not record tool results/u);
  const opened = (await sessions(database)) - sessionsBefore;
  const result = { ...load, answer, upstream, peakConnections, sessionsOpened: opened, notRecorded };
  console.log(
    `${name}: ${load.ok} of ${load.requests} answered 2xx, ${load.errors} errors (${load.non2xx} non-2xx, ${load.timeouts} timeouts` +
      `${load.socketErrors ? `, ${load.socketErrors} socket errors` : ""}${load.unanswered ? `, ${load.unanswered} unanswered at the time bound` : ""}), ` +
      `p50 ${load.p50} ms, p95 ${load.p95} ms, p99 ${load.p99} ms, ${load.throughput.toFixed(1)} req/s, ${load.seconds.toFixed(1)} s`,
  );
  console.log(
    `${name}: after the load the app ${answer.answers ? "answers" : `does not answer (/health: ${answer.health.error ?? answer.health.status})`}; ` +
      `pool ${JSON.stringify(answer.pool)}`,
  );
  return result;
}

const started = Date.now();
let summary;
let pgVersion;
try {
  work = mkdtempSync(path.join(os.tmpdir(), "concurrency-proof-"));

  step("1. PostgreSQL and the stub tool server");
  database = await startPostgres({ pg, maxConnections: DB.maxConnections, log: console.log });
  pgVersion = database.version;
  console.log(
    `PostgreSQL ${database.version} (${database.bin}) on 127.0.0.1:${database.port}, data in ${database.dir}, ` +
      `max_connections=${DB.maxConnections}, owned by ${process.getuid?.() === 0 ? "postgres" : os.userInfo().username}`,
  );
  stub = await startStub(STUB);
  console.log(
    `stub tool server on ${stub.url}: latency ${STUB.latencyMs}-${STUB.latencyMs + STUB.jitterMs} ms, hangs ${STUB.hangRate * 100}%, ` +
      `errors ${STUB.errorRate * 100}%, 429 above ${STUB.cap} in flight`,
  );

  step("2. Lint fixtures/load-app with the plugin's recommended config");
  const findings = await lint(appDir);
  for (const finding of findings) {
    console.log(`  ${finding.file}:${finding.line}  ${finding.rule} [${finding.remedy}]\n    ${finding.message}`);
  }
  const missing = EXPECTED.filter(([rule, file]) => !findings.some((finding) => finding.rule === rule && finding.file === file));
  if (missing.length > 0) throw new Error(`expected findings missing: ${missing.map(([rule, file]) => `${rule} in ${file}`).join(", ")}`);
  console.log(`${findings.length} findings; every expected rule fired`);

  step("3. Load test: the original app");
  const beforeDir = path.join(work, "before");
  copyApp(appDir, beforeDir, root);
  const buildBefore = tsc(root, beforeDir, ["-p", "tsconfig.json"]);
  if (buildBefore.status !== 0) throw new Error(`the original app does not compile:\n${buildBefore.stdout}${buildBefore.stderr}`);
  const before = await phase("before", beforeDir);

  step("4. concurrency-codemod on a copy of the app");
  const afterDir = path.join(work, "after");
  copyApp(appDir, afterDir, root);
  console.log(`$ concurrency-codemod ${CODEMOD_FLAGS.join(" ")} src   (in the copy)`);
  const codemod = spawnSync(process.execPath, [path.join(root, "dist/src/codemod/cli.js"), ...CODEMOD_FLAGS, "src"], {
    cwd: afterDir,
    encoding: "utf8",
  });
  process.stdout.write(codemod.stdout + codemod.stderr);
  if (codemod.status !== 0) throw new Error(`concurrency-codemod exited with ${codemod.status}`);
  const diffText = spawnSync("git", ["diff", "--no-index", "--no-color", "before/src", "after/src"], { cwd: work, encoding: "utf8" }).stdout;
  process.stdout.write(diffText);
  const check = tsc(root, afterDir, ["-p", "tsconfig.json", "--noEmit"]);
  if (check.status !== 0) throw new Error(`the fixed copy does not type-check:\n${check.stdout}${check.stderr}`);
  console.log("type-check of the fixed copy (tsc --noEmit): no errors");
  const buildAfter = tsc(root, afterDir, ["-p", "tsconfig.json"]);
  if (buildAfter.status !== 0) throw new Error(`the fixed copy does not compile:\n${buildAfter.stdout}${buildAfter.stderr}`);
  const remaining = await lint(afterDir);
  console.log(
    `findings left in the fixed copy: ${remaining.map((finding) => `${finding.rule} (${finding.file}:${finding.line}, ${finding.remedy})`).join(", ") || "none"}`,
  );

  step("5. Load test: the fixed copy");
  const after = await phase("after", afterDir);

  step("6. Before and after");
  summary = { before, after, findings, remaining, diff: diffText, codemodOutput: codemod.stdout + codemod.stderr };
} finally {
  await stub?.close();
  cleanupSync();
}

const leftovers = processesMatching("concurrency-proof-");
const table = formatTable(summary.before, summary.after);
console.log(table);
console.log(
  leftovers.length === 0
    ? "teardown: PostgreSQL, the stub and both apps stopped; no process of the proof is running (ps)"
    : `teardown: still running:\n${leftovers.join("\n")}`,
);
const elapsed = (Date.now() - started) / 1_000;
console.log(`elapsed: ${elapsed.toFixed(0)} s`);
if (outFile) {
  writeFileSync(outFile, formatDoc(summary, elapsed));
  console.log(`wrote ${path.relative(process.cwd(), outFile)}`);
}

const { before, after } = summary;
const pass = before.errors > 0 && after.errors === 0 && leftovers.length === 0;
if (!pass) process.exitCode = 1;
console.log(
  `proof: before errors ${before.errors} of ${before.requests}, p99 ${before.p99} ms; after errors ${after.errors} of ${after.requests}, p99 ${after.p99} ms`,
);

function rate(perSecond) {
  return perSecond < 1 ? perSecond.toFixed(2) : perSecond.toFixed(1);
}

function rows(before, after) {
  const answer = (result) =>
    result.answer.answers ? "yes" : `no: /health ${result.answer.health.error ?? result.answer.health.status}`;
  const pool = (result) => (result.answer.pool ? `${result.answer.pool.total} open, ${result.answer.pool.idle} idle, ${result.answer.pool.waiting} waiting` : "no answer");
  const upstream = (result) =>
    `${result.upstream.requests} calls, ${result.upstream.rejected} × 429, ${result.upstream.hangs} hung, ${result.upstream.errors} × 500, max ${result.upstream.maxInFlight} in flight`;
  return [
    ["requests (N)", before.requests, after.requests],
    ["errors: non-2xx + timeouts", before.errors, after.errors],
    ["  non-2xx", before.non2xx, after.non2xx],
    ["  timeouts (no answer in 5 s)", before.timeouts, after.timeouts],
    ...(before.socketErrors || after.socketErrors ? [["  socket errors", before.socketErrors, after.socketErrors]] : []),
    ...(before.unanswered || after.unanswered ? [["  unanswered at the time bound", before.unanswered, after.unanswered]] : []),
    ["answered 2xx", before.ok, after.ok],
    ["throughput (2xx per s)", rate(before.throughput), rate(after.throughput)],
    ["latency p50 (ms)", before.p50, after.p50],
    ["latency p95 (ms)", before.p95, after.p95],
    ["latency p99 (ms)", before.p99, after.p99],
    ["wall time (s)", before.seconds.toFixed(1), after.seconds.toFixed(1)],
    ["answers /health after the load", answer(before), answer(after)],
    ["pool after the load", pool(before), pool(after)],
    ["runs whose recording failed (the leak's error path)", before.notRecorded, after.notRecorded],
    ["tool calls failed, reported in a 200", `${before.toolCalls.failed} of ${before.toolCalls.total}`, `${after.toolCalls.failed} of ${after.toolCalls.total}`],
    ["tool server", upstream(before), upstream(after)],
    ["database sessions opened", before.sessionsOpened, after.sessionsOpened].map((cell) => (Number.isNaN(cell) ? "n/a" : cell)),
    ["peak connections of the app", before.peakConnections, after.peakConnections],
  ].map((row) => row.map(String));
}

function formatTable(before, after) {
  const all = [["", "before (original)", "after (codemod)"], ...rows(before, after)];
  const widths = [0, 1, 2].map((column) => Math.max(...all.map((row) => row[column].length)));
  const line = (row) => row.map((cell, column) => cell.padEnd(widths[column])).join("  ").trimEnd();
  return [line(all[0]), widths.map((width) => "-".repeat(width)).join("  "), ...all.slice(1).map(line)].join("\n");
}

function markdownTable(before, after) {
  const escape = (cell) => cell.replaceAll("|", "\\|");
  return [
    "| | before (original) | after (codemod) |",
    "| --- | ---: | ---: |",
    ...rows(before, after).map((row) => `| ${row.map(escape).join(" | ")} |`),
  ].join("\n");
}

function formatDoc(result, seconds) {
  const { before, after } = result;
  const cpus = os.cpus();
  const machine = `${cpus.length} × ${cpus[0]?.model.trim() ?? "unknown CPU"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}, PostgreSQL ${pgVersion}`;
  return proofDoc({ before, after, result, machine, seconds, table: markdownTable(before, after), LOAD, STUB, DB, CODEMOD_FLAGS, pgVersion });
}
