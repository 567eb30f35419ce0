/** Every rule of the plugin, by id. Keep sorted; the meta test checks it against `rules/`. */
import noUnboundedPromiseAll from "../rules/no-unbounded-promise-all.js";

export const rules = {
  "no-unbounded-promise-all": noUnboundedPromiseAll,
};

export type RuleId = keyof typeof rules;
