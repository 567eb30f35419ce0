// The stub upstream for the load proof: a tool server on 127.0.0.1 that behaves like a model or tool API.
// Each `POST /tools/<name>` answers after `latencyMs` (+ up to `jitterMs`), fails with a 500 at
// `errorRate`, never answers at `hangRate` (the socket stays open until the caller gives up), and is
// refused with a 429 when `cap` requests are already in flight, as a provider's concurrency limit does.
// A hung request holds its slot until the caller closes the connection. `GET /stats` returns the counters.
//
// Standalone: node scripts/proof/stub.mjs --port 8081 --latency 80 --hang-rate 0.02 --error-rate 0.05 --cap 32
import http from "node:http";
import { fileURLToPath } from "node:url";

export const DEFAULT_STUB = { latencyMs: 40, jitterMs: 80, hangRate: 0.02, errorRate: 0.05, cap: 32, seed: 12 };

/** A small seeded generator, so that two runs draw the same sequence of hangs and errors. */
export function mulberry32(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function emptyStats() {
  return { requests: 0, ok: 0, errors: 0, hangs: 0, rejected: 0, maxInFlight: 0 };
}

export async function startStub(options = {}) {
  const settings = { ...DEFAULT_STUB, ...options };
  let random = mulberry32(settings.seed);
  let stats = emptyStats();
  let inFlight = 0;

  const server = http.createServer((req, res) => {
    if (req.method === "GET" && req.url === "/stats") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ ...stats, inFlight }));
      return;
    }
    const chunks = [];
    req.on("data", (chunk) => chunks.push(chunk));
    req.on("end", () => {
      stats.requests += 1;
      if (inFlight >= settings.cap) {
        stats.rejected += 1;
        res.writeHead(429, { "content-type": "application/json", "retry-after": "1" });
        res.end(JSON.stringify({ error: "rate_limited", message: `more than ${settings.cap} requests in flight` }));
        return;
      }
      inFlight += 1;
      stats.maxInFlight = Math.max(stats.maxInFlight, inFlight);
      let finished = false;
      res.on("close", () => {
        if (!finished) {
          finished = true;
          inFlight -= 1;
        }
      });
      const hang = random() < settings.hangRate;
      const fail = random() < settings.errorRate;
      const delay = settings.latencyMs + random() * settings.jitterMs;
      if (hang) {
        stats.hangs += 1;
        return; // never answers; the slot is held until the caller closes the connection
      }
      setTimeout(() => {
        if (res.destroyed) return;
        if (fail) {
          stats.errors += 1;
          res.writeHead(500, { "content-type": "application/json" });
          res.end(JSON.stringify({ error: "tool_failed", message: "the tool crashed" }));
          return;
        }
        stats.ok += 1;
        const tool = (req.url ?? "").split("/").pop();
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ output: { tool, input: Buffer.concat(chunks).toString("utf8"), took: Math.round(delay) } }));
      }, delay);
    });
  });
  server.keepAliveTimeout = 60_000;

  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(settings.port ?? 0, "127.0.0.1", resolve);
  });
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    settings,
    stats: () => ({ ...stats, inFlight }),
    /** New counters and the same random sequence, for the next phase. */
    reset() {
      stats = emptyStats();
      random = mulberry32(settings.seed);
    },
    /** Closes the server and every connection, hung ones included. */
    close() {
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const value = (flag, fallback) => {
    const index = args.indexOf(flag);
    return index === -1 ? fallback : Number(args[index + 1]);
  };
  const stub = await startStub({
    port: value("--port", 0),
    latencyMs: value("--latency", DEFAULT_STUB.latencyMs),
    jitterMs: value("--jitter", DEFAULT_STUB.jitterMs),
    hangRate: value("--hang-rate", DEFAULT_STUB.hangRate),
    errorRate: value("--error-rate", DEFAULT_STUB.errorRate),
    cap: value("--cap", DEFAULT_STUB.cap),
    seed: value("--seed", DEFAULT_STUB.seed),
  });
  console.log(`stub upstream on ${stub.url}`, stub.settings);
  const shutdown = () => void stub.close().then(() => process.exit(0));
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
}
