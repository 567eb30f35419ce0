/** Every rule of the plugin, by id. Keep sorted; the meta test checks it against `rules/`. */
import noBlockingInAsync from "../rules/no-blocking-in-async.js";
import noConnectionPerCall from "../rules/no-connection-per-call.js";
import noUnboundedPromiseAll from "../rules/no-unbounded-promise-all.js";
import noUnboundedQueue from "../rules/no-unbounded-queue.js";
import noUnboundedWorkerSpawn from "../rules/no-unbounded-worker-spawn.js";
import noUnreleasedPoolClient from "../rules/no-unreleased-pool-client.js";
import requireTimeout from "../rules/require-timeout.js";

export const rules = {
  "no-blocking-in-async": noBlockingInAsync,
  "no-connection-per-call": noConnectionPerCall,
  "no-unbounded-promise-all": noUnboundedPromiseAll,
  "no-unbounded-queue": noUnboundedQueue,
  "no-unbounded-worker-spawn": noUnboundedWorkerSpawn,
  "no-unreleased-pool-client": noUnreleasedPoolClient,
  "require-timeout": requireTimeout,
};

export type RuleId = keyof typeof rules;
