/**
 * Where code runs, as data: the conventions of frameworks and tools that decide whether a function runs
 * per request or job, once at startup, or in a one-shot tool. Kept in one place, as knip keeps its entry
 * points per framework, so that a new framework is a new row, not new logic. Read by `src/ast/runtime/`
 * (one file) and by the project model's reachability (`reachability.ts`, across files).
 */

/** A free function or `const` named for startup runs once: `main`, `init…`, `setup…`, `bootstrap…`, `migrate…`, `seed…`, `install…`. */
export const STARTUP_FUNCTION_NAME =
  /^_*(?:main|init|initialize|setup|bootstrap|startup|start(?:App|Server|Http|Up)|configure|migrate|seed|install|onboard)(?:[A-Z_\d]|$)|^_*(?:perform|do|run)(?:Init|Setup|Bootstrap|Migration)|Initiali[sz](?:e|ation)$/u;

/** A class method named for startup: `start`, `main`, `bootstrap…`, `migrate…`, `install…` (a method `init()` often runs per job or flow). */
export const STARTUP_METHOD_NAME =
  /^_*(?:main|bootstrap|startup|start|onStart|migrate|install)(?:App|Server|Http|Up)?$|^_*(?:main|bootstrap|startup|migrate|install)(?:[A-Z_\d]|$)|^_*(?:perform|do|run)(?:Init|Setup|Bootstrap|Migration)|Initiali[sz](?:e|ation)$/u;

/** Test files: test folders, `*.test.*`, `*.spec.*`, `*.e2e.*`, `*.bench.*`. */
export const TEST_PATH = /(?:^|\/)(?:__tests__|__mocks__|tests?|spec|specs|e2e|test-[a-z]+|__fixtures__)\/|\.(?:test|spec|e2e|bench)\.[cm]?[jt]sx?$/u;

/** One-shot tools by folder: `bin/`, `scripts/`, `migrations/`, `seeds/`, `examples/`, `benchmarks/`, `codemods/`, `cli/`, and `*.config.*` files. */
export const SCRIPT_PATH =
  /(?:^|\/)(?:bin|binaries|scripts?|migrations?|seeds?|seeders|examples?|benchmarks?|bench|codemods?|tasks|cli)\/|(?:^|\/)(?:[\w.-]+\.config|gulpfile|gruntfile|postinstall|preinstall)\.[cm]?[jt]s$/iu;

/** A file named for a command line: `cli.js`, `DevCLI.js`, `CliAuth.js`, `cli-utils.ts` (not `client.js`). */
export const CLI_FILE = /(?:^|\/|[-_.])cli(?:[-_.][\w.-]*)?\.[cm]?[jt]s$|CLI[\w-]*\.[cm]?[jt]s$|(?:^|\/)Cli[A-Z][\w-]*\.[cm]?[jt]s$/u;

/** Host APIs that load only where one user is served: VS Code's extension host (`vscode`) and Electron (`electron`). */
export const ONE_USER_MODULES: ReadonlySet<string> = new Set(["vscode", "electron"]);

/**
 * Calls that keep a callback to run later, once per event, request, message, job or tick: a callback given
 * to one of them does not run when the code around it runs (a route registered inside `setupRoutes()`
 * runs per request, not at startup).
 */
export const DEFERRING_METHODS: ReadonlySet<string> = new Set([
  // events (Node's EventEmitter, socket.io's `io.on("connection")` and `socket.on(event)`, ws, IPC)
  "on",
  "addListener",
  "prependListener",
  "addEventListener",
  // HTTP routers: Express, Koa router, Fastify, Hono
  "get",
  "post",
  "put",
  "patch",
  "delete",
  "del",
  "head",
  "options",
  "all",
  "use",
  "route",
  // job and message processors: BullMQ `queue.process`, pg-boss `boss.work`, Bee-Queue, amqplib `consume`, NATS/Redis `subscribe`
  "process",
  "work",
  "consume",
  "subscribe",
  "handle",
  // schedules
  "schedule",
]);

/** Free functions that keep a callback to run many times: `setInterval`, `http.createServer(handler)`, `cron.schedule` (a `setTimeout` or a `once` listener runs once). */
export const DEFERRING_FUNCTIONS: ReadonlySet<string> = new Set(["setInterval", "createServer", "createSecureServer", "schedule"]);

/** Constructors whose function argument runs per job or tick: BullMQ's `new Worker(queue, processor)`, `new CronJob(time, tick)`. */
export const DEFERRING_CONSTRUCTORS: ReadonlySet<string> = new Set(["Worker", "CronJob", "QueueScheduler"]);

/**
 * Exports that a framework calls per request, by file: Next.js route handlers (`app/**\/route.ts` exporting
 * `GET`, `POST`, …) and API routes (`pages/api/**`, the default export), Remix and React Router loaders and
 * actions (`app/routes/**`), SvelteKit endpoints (`+server.ts`) and server loads (`+page.server.ts`).
 */
export const REQUEST_EXPORTS: readonly { path: RegExp; exports: ReadonlySet<string> }[] = [
  { path: /(?:^|\/)app\/(?:.+\/)?route\.[cm]?[jt]sx?$/u, exports: new Set(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]) },
  { path: /(?:^|\/)pages\/api\//u, exports: new Set(["default"]) },
  { path: /(?:^|\/)app\/routes\//u, exports: new Set(["loader", "action", "clientLoader", "clientAction"]) },
  { path: /(?:^|\/)\+server\.[cm]?[jt]s$/u, exports: new Set(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "fallback"]) },
  { path: /(?:^|\/)\+(?:page|layout)\.server\.[cm]?[jt]s$/u, exports: new Set(["load", "actions"]) },
];

/** Method decorators that make a method a request, message, job or schedule handler: Nest's `@Get()`, `@MessagePattern()`, `@Process()`, `@Cron()`, … */
export const HANDLER_DECORATORS: ReadonlySet<string> = new Set([
  "Get",
  "Post",
  "Put",
  "Patch",
  "Delete",
  "Head",
  "Options",
  "All",
  "MessagePattern",
  "EventPattern",
  "SubscribeMessage",
  "Process",
  "OnQueueActive",
  "OnEvent",
  "Cron",
  "Interval",
  "Timeout",
  "Query",
  "Mutation",
  "Subscription",
  "ResolveField",
  "GrpcMethod",
]);

/** `true` when export `name` of `file` (a path with `/` separators) is called by a framework per request. */
export function isRequestExport(file: string, name: string): boolean {
  return REQUEST_EXPORTS.some((convention) => convention.path.test(file) && convention.exports.has(name));
}

/**
 * `true` when the source text of a file is a worker of its own: a worker thread (it reads `parentPort` or
 * `workerData` from `worker_threads`) or a forked child process that takes its work as IPC messages
 * (`process.on("message", …)` and `process.send(…)`). It exists to do one thing, off the main event loop.
 */
export function runsOnWorkerThread(text: string): boolean {
  if (/\b(?:parentPort|workerData)\b/u.test(text) && /["'](?:node:)?worker_threads["']/u.test(text)) return true;
  return /\bprocess\.on\(\s*["']message["']/u.test(text) && /\bprocess\.send\??\.?\(/u.test(text);
}
