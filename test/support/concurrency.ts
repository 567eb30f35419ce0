/** A p-limit-shaped factory, standing in for a user's own limiter module in tests. */
import pLimit from "p-limit";

export function createLimit(concurrency: number) {
  return pLimit(concurrency);
}
