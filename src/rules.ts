/** Every rule of the plugin, by id. Keep sorted; the meta test checks it against `rules/`. */
import noBlockingInAsync from "../rules/no-blocking-in-async.js";
import noUnboundedPromiseAll from "../rules/no-unbounded-promise-all.js";
import noUnboundedQueue from "../rules/no-unbounded-queue.js";
import noUnboundedWorkerSpawn from "../rules/no-unbounded-worker-spawn.js";
import requireTimeout from "../rules/require-timeout.js";

export const rules = {
  "no-blocking-in-async": noBlockingInAsync,
  "no-unbounded-promise-all": noUnboundedPromiseAll,
  "no-unbounded-queue": noUnboundedQueue,
  "no-unbounded-worker-spawn": noUnboundedWorkerSpawn,
  "require-timeout": requireTimeout,
};

export type RuleId = keyof typeof rules;
