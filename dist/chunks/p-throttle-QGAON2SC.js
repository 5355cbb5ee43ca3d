import { createRequire as __preflightRequire } from 'node:module'; import { dirname as __preflightDirname } from 'node:path'; import { fileURLToPath as __preflightFileURLToPath } from 'node:url'; const require = __preflightRequire(import.meta.url); const __filename = __preflightFileURLToPath(import.meta.url); const __dirname = __preflightDirname(__filename);
import "./chunk-NRNS3NRG.js";

// node_modules/p-throttle/index.js
var registry = new FinalizationRegistry(({ signal, aborted }) => {
  signal?.removeEventListener("abort", aborted);
});
function pThrottle({ limit, interval, strict, signal, onDelay }) {
  if (!Number.isFinite(limit))
    throw new TypeError("Expected `limit` to be a finite number");
  if (!Number.isFinite(interval))
    throw new TypeError("Expected `interval` to be a finite number");
  let queue = /* @__PURE__ */ new Map(), currentTick = 0, activeCount = 0;
  function windowedDelay() {
    let now = Date.now();
    return now - currentTick > interval ? (activeCount = 1, currentTick = now, 0) : (activeCount < limit ? activeCount++ : (currentTick += interval, activeCount = 1), currentTick - now);
  }
  let strictTicks = [];
  function strictDelay() {
    let now = Date.now();
    if (strictTicks.length > 0 && now - strictTicks.at(-1) > interval && (strictTicks.length = 0), strictTicks.length < limit)
      return strictTicks.push(now), 0;
    let nextExecutionTime = strictTicks[0] + interval;
    return strictTicks.shift(), strictTicks.push(nextExecutionTime), Math.max(0, nextExecutionTime - now);
  }
  let getDelay = strict ? strictDelay : windowedDelay;
  return (function_) => {
    let throttled = function(...arguments_) {
      if (!throttled.isEnabled)
        return (async () => function_.apply(this, arguments_))();
      let timeoutId;
      return new Promise((resolve, reject) => {
        let execute = () => {
          resolve(function_.apply(this, arguments_)), queue.delete(timeoutId);
        }, delay = getDelay();
        delay > 0 ? (timeoutId = setTimeout(execute, delay), queue.set(timeoutId, reject), onDelay?.(...arguments_)) : execute();
      });
    }, aborted = () => {
      for (let timeout of queue.keys())
        clearTimeout(timeout), queue.get(timeout)(signal.reason);
      queue.clear(), strictTicks.splice(0, strictTicks.length);
    };
    return registry.register(throttled, { signal, aborted }), signal?.throwIfAborted(), signal?.addEventListener("abort", aborted, { once: !0 }), throttled.isEnabled = !0, Object.defineProperty(throttled, "queueSize", {
      get() {
        return queue.size;
      }
    }), throttled;
  };
}
export {
  pThrottle as default
};
