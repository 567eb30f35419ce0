// docs/proof.md, written by scripts/proof.mjs from the numbers of the run it just made.

const fence = (text, lang = "") => `\`\`\`${lang}\n${text.trimEnd()}\n\`\`\``;

export function proofDoc({ before, after, result, machine, seconds, table, LOAD, STUB, DB, CODEMOD_FLAGS, pgVersion }) {
  const date = new Date().toISOString().replace(/\.\d+Z$/u, "Z");
  const findings = result.findings
    .map((finding) => `| \`${finding.file}:${finding.line}\` | \`${finding.rule}\` | ${finding.remedy} | ${finding.message.replaceAll("|", "\\|")} |`)
    .join("\n");
  const remaining = result.remaining.map((finding) => `\`${finding.rule}\` (\`${finding.file}:${finding.line}\`)`).join(", ") || "none";
  const summaryStart = result.codemodOutput.indexOf("Files scanned");
  const codemodSummary = summaryStart === -1 ? result.codemodOutput : result.codemodOutput.slice(summaryStart);
  const perRun = LOAD.body.toolCalls.length;
  const bound = Number(CODEMOD_FLAGS[CODEMOD_FLAGS.indexOf("--concurrency") + 1]);
  const timeoutMs = Number(CODEMOD_FLAGS[CODEMOD_FLAGS.indexOf("--timeout-ms") + 1]);
  const lastLine = `proof: before errors ${before.errors} of ${before.requests}, p99 ${before.p99} ms; after errors ${after.errors} of ${after.requests}, p99 ${after.p99} ms`;

  return `# The load proof

> A legacy agent backend in the shape of the seed incidents falls over under load. The copy that
> \`concurrency-codemod\` fixed, with no other change, holds the same load against the same database.

Written by \`npm run proof\` (\`scripts/proof.mjs\`) from the run of **${date}** on ${machine}. The whole
run took ${Math.round(seconds)} s. Do not edit the numbers by hand: run it again.

## What runs

**The app**, [\`fixtures/load-app\`](../fixtures/load-app): an Express backend in TypeScript, compiled with
\`tsc\` and run with Node. Each \`POST /agent/run\` is one agent step: it records the run, retrieves context,
runs the tool calls the model asked for on the tool server, records their results and answers 200 with
them. A failed tool call is reported inside that 200, as agent APIs do, so a failed request is the app's
own failure: it hung, or it answered with a 5xx.

| shape | where | seed |
| --- | --- | --- |
| tool calls fanned out to the tool server with \`Promise.all\` over the request's \`toolCalls\`, no bound | \`src/agent.ts\` | 000, 004 (unbounded gather) |
| \`fetch\` to the tool server with no timeout; the tool server sometimes never answers | \`src/agent.ts\` | 000, 002 |
| the task monitor takes a pool client and releases it only when every insert succeeded | \`src/task-monitor.ts\` | 001 (TaskMonitor leaking sessions on error paths) |
| the pool has no \`connectionTimeoutMillis\`: a request waits for a client forever | \`src/db.ts\` | 001 (lockup) |
| retrieval opens a new \`pg.Client\` for every search | \`src/retrieval.ts\` | 004 (connection per operation in \`rag/core.py\`) |

The error path of the task monitor is an ordinary legacy bug: \`tool_results.output\` is \`not null\`, and a
failed tool call has no output, so recording a run with a failed tool call throws. The caller catches and
logs it; the client taken for it is never given back.

**PostgreSQL ${pgVersion}**, real: Debian's \`postgresql\` package (installed with \`apt-get\` when missing), a
throwaway cluster made by \`initdb\` in a temporary folder, run by the \`postgres\` user, on 127.0.0.1 on a
free port, \`max_connections=${DB.maxConnections}\`. The app connects as its own role with a SCRAM password over TCP,
with a pool of ${DB.poolSize}. Tables are emptied and the app's connections ended between the two phases.

**The tool server** (\`scripts/proof/stub.mjs\`), on 127.0.0.1: answers in ${STUB.latencyMs}-${STUB.latencyMs + STUB.jitterMs} ms,
fails ${STUB.errorRate * 100}% of calls with a 500, never answers ${STUB.hangRate * 100}% of them (the connection stays open until the caller gives
up), and answers 429 when ${STUB.cap} calls are already in flight, as a model API's concurrency limit does. Its
random draws are seeded, so both phases get the same sequence.

**The load**: autocannon (programmatic), \`POST /agent/run\` with a search query and ${perRun} tool calls,
**${LOAD.amount} requests over ${LOAD.connections} connections**, a request without an answer in ${LOAD.timeoutSeconds} s counts as a timeout (autocannon then
opens a new connection and sends the next request), the whole phase bounded at ${LOAD.maxSeconds} s. Errors are
non-2xx answers plus timeouts (plus socket errors and requests left unanswered at the time bound, none
here unless the table shows them). Latency percentiles are over every request, a timeout counted as
${LOAD.timeoutSeconds * 1000} ms: for the original that is a lower bound. After the load the proof asks \`/health\` (one query on the
pool) and \`/debug/pool\` (the pool's counters) whether the app still answers.

## 1. The findings

\`eslint\` with the plugin's \`recommended\` config over \`fixtures/load-app/src\`. The remedy is what an
editor gets; the codemod turns on the \`autofix\` option of \`require-timeout\` and
\`no-unreleased-pool-client\`, so it applies their suggestions too.

| where | rule | remedy | message |
| --- | --- | --- | --- |
${findings}

## 2. The codemod

On a copy of the app (the copy resolves \`p-limit\` and the rest from this repository's \`node_modules\`):

${fence(`concurrency-codemod ${CODEMOD_FLAGS.join(" ")} src`, "sh")}

\`--concurrency ${bound}\`: ${LOAD.connections} concurrent runs × ${bound} tool calls stay under the tool server's limit of ${STUB.cap}.
\`--timeout-ms ${timeoutMs}\`: the tool server answers in at most ${STUB.latencyMs + STUB.jitterMs} ms, so ${timeoutMs} ms is several times its slowest
answer; the default (60 s) is meant for peers nobody has measured. \`--force\`: the copy is not a git
repository.

${fence(codemodSummary)}

The whole change, and the only change to the copy:

${fence(result.diff, "diff")}

The fixed copy type-checks (\`tsc --noEmit\`, no errors). Findings left in it: ${remaining}.

## 3. Under load

${table}

**Before.** The unbounded fan-out sends up to ${perRun} × ${LOAD.connections} tool calls at once, over the tool server's
limit (${before.upstream.rejected} answered 429, ${before.upstream.maxInFlight} in flight at most), and some fail with a 500. Each run with a
failed tool call throws in \`recordResults\`, which leaks its pool client. After ${DB.poolSize} such runs the pool
is empty: every later request waits in \`pool.query\` for a client that never comes back (the pool has no
\`connectionTimeoutMillis\`), autocannon times it out, and the app no longer answers \`/health\`
(pool after the load: ${before.answer.pool ? `${before.answer.pool.total} open, ${before.answer.pool.idle} idle, ${before.answer.pool.waiting} waiting` : "no answer"}). That is the lockup of seed 001, reached within seconds.

**After.** The \`finally\` gives the client back on the error path, so the same failed recordings
(${after.notRecorded} runs) cost nothing; the limiter keeps the tool calls at ${bound} per run (${after.upstream.maxInFlight} in flight at most,
${after.upstream.rejected} answered 429); a hung tool call is aborted after ${timeoutMs} ms and reported in the answer like any failed tool
call, which is where p95/p99 come from. Every request was answered 2xx.

## What the codemod did not fix

- **\`no-connection-per-call\` has no fix, by design** (moving a connection out of a function changes its
  lifetime and configuration, which the author decides). The fixed copy still opens a connection per
  search: ${after.sessionsOpened} database sessions for ${after.requests} requests. At this load it stays under \`max_connections\`
  (peak ${after.peakConnections} connections of the app, of ${DB.maxConnections}), so it costs a handshake per request, not errors; with more
  concurrent requests than free connections it would fail with "too many clients" in both versions. The
  remedy is the shared pool (\`pool.query\`), by hand.
- **The limiter is per run.** The fix declares \`const limit = pLimit(${bound})\` inside the handler, so it bounds
  one run's tool calls, not the process's: the calls in flight still grow with the number of concurrent
  runs (${LOAD.connections} × ${bound} = ${LOAD.connections * bound} here, under the tool server's ${STUB.cap}). Twice the connections would meet 429s again;
  those are reported inside the 200 answers, so they would be failed tool calls, not failed requests. A
  limit for the whole process (one \`pLimit\` at module level, sized to the provider's limit) is the
  author's call.
- **The app's own bug stays**: a run with a failed tool call still cannot be recorded (\`output\` is
  \`not null\`). The codemod made that error path harmless to the pool; it does not change what the app
  stores.
- \`connectionTimeoutMillis: 10000\` on the pool is written by \`require-timeout\`; with the leak fixed, no
  request waited that long here.

## Run it

${fence(`npm run proof            # the full run; writes this page
npm run build && node scripts/proof.mjs --short   # ${"the CI version: fewer requests, writes nothing"}`, "sh")}

It needs \`apt-get\` (or an installed \`postgresql\`) and root or a user that can run \`initdb\`. Everything it
starts (PostgreSQL, the tool server, both apps) is stopped at the end, on failure and on Ctrl-C; the run
checks with \`ps\` that nothing is left. It exits 0 when the original had errors and the fixed copy had
none.

${lastLine}
`;
}
