// One load phase of the proof: build a copy of the app, start it against the database and the stub,
// drive it with autocannon, probe whether it still answers, stop it. Also the app's copy and build.
import { spawn, spawnSync } from "node:child_process";
import { cpSync, createWriteStream, mkdirSync, readFileSync, symlinkSync } from "node:fs";
import path from "node:path";
import autocannon from "autocannon";

/** Copies the app's sources (not a build or node_modules) and links the repository's node_modules. */
export function copyApp(appDir, target, root) {
  mkdirSync(target, { recursive: true });
  for (const entry of ["package.json", "tsconfig.json", "src"]) {
    cpSync(path.join(appDir, entry), path.join(target, entry), { recursive: true });
  }
  // The copy resolves express, pg, p-limit and the type definitions from this repository.
  symlinkSync(path.join(root, "node_modules"), path.join(target, "node_modules"), "dir");
}

export function tsc(root, cwd, args) {
  return spawnSync(process.execPath, [path.join(root, "node_modules", "typescript", "bin", "tsc"), ...args], {
    cwd,
    encoding: "utf8",
  });
}

async function waitForApp(url, child, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the app exited with code ${child.exitCode} before answering`);
    try {
      const response = await fetch(`${url}/debug/pool`, { signal: AbortSignal.timeout(1_000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the app did not answer on ${url} within ${timeoutMs} ms`);
}

/** Starts `node build/server.js` of a built copy; its output goes to `logFile`. */
export async function startApp(dir, { port, env, logFile, track }) {
  const log = createWriteStream(logFile);
  const child = spawn(process.execPath, ["build/server.js"], {
    cwd: dir,
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  track(child);
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  const url = `http://127.0.0.1:${port}`;
  await waitForApp(url, child);
  return {
    url,
    child,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 3_000);
        await exited;
        clearTimeout(timer);
      }
      await new Promise((resolve) => log.end(resolve));
    },
  };
}

function percentile(sorted, p) {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/**
 * Drives `POST /agent/run` with `amount` requests over `connections` connections; a request without an
 * answer after `timeoutSeconds` is a timeout (autocannon closes the connection and sends the next one).
 * Latency percentiles are over every request, a timeout counted at the timeout (a lower bound).
 */
export async function runLoad(url, { connections, amount, timeoutSeconds, maxSeconds, body }) {
  const latencies = [];
  const toolCalls = { total: 0, failed: 0 };
  let stoppedByTimeBound = false;
  const started = Date.now();
  const instance = autocannon({
    url: `${url}/agent/run`,
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
    connections,
    amount,
    timeout: timeoutSeconds,
    // Reads each answer's tool results: failures are reported inside a 200, as agent APIs do.
    verifyBody(text) {
      try {
        for (const result of JSON.parse(text).results ?? []) {
          toolCalls.total += 1;
          if (!result.ok) toolCalls.failed += 1;
        }
      } catch {
        // not JSON: a 5xx page
      }
      return true;
    },
  });
  instance.on("response", (_client, _status, _bytes, responseTime) => latencies.push(Math.round(responseTime)));
  instance.on("reqError", (error) => {
    if (/timed out/u.test(error.message)) latencies.push(timeoutSeconds * 1_000);
  });
  const guard = setTimeout(() => {
    stoppedByTimeBound = true;
    instance.stop();
  }, maxSeconds * 1_000);
  const result = await new Promise((resolve, reject) => {
    instance.on("done", resolve);
    instance.on("error", reject);
  });
  clearTimeout(guard);
  const seconds = (Date.now() - started) / 1_000;
  latencies.sort((a, b) => a - b);
  const ok = result["2xx"];
  const answered = ok + result.non2xx;
  const unanswered = Math.max(0, amount - answered - result.errors);
  return {
    requests: amount,
    ok,
    non2xx: result.non2xx,
    timeouts: result.timeouts,
    socketErrors: result.errors - result.timeouts,
    // requests the time bound kept from being sent or answered: failures of the app too
    unanswered,
    errors: result.non2xx + result.errors + unanswered,
    throughput: ok / seconds,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    max: latencies.at(-1) ?? 0,
    seconds,
    stoppedByTimeBound,
    toolCalls,
  };
}

/** Does the app still answer? `/health` queries the pool; `/debug/pool` only reads its counters. */
export async function probe(url) {
  const get = async (pathname) => {
    try {
      const response = await fetch(`${url}${pathname}`, { signal: AbortSignal.timeout(3_000) });
      return { status: response.status, body: await response.json() };
    } catch (error) {
      return { status: 0, error: error.name === "TimeoutError" ? "no answer in 3 s" : error.message };
    }
  };
  const [health, pool] = await Promise.all([get("/health"), get("/debug/pool")]);
  return { answers: health.status === 200, health, pool: pool.body };
}

export function countLines(file, pattern) {
  try {
    return readFileSync(file, "utf8").split("\n").filter((line) => pattern.test(line)).length;
  } catch {
    return 0;
  }
}
