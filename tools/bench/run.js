#!/usr/bin/env node
// Benchmarks: `npm run bench -- <suite>` (suites: store, stats, trees, lab, api). Each target is reported next to a
// reference run on the same machine in the same run, as a ratio, so figures compare across machines.
const suites = {
  store: () => import("./store.js"),
  stats: () => import("./stats.js"),
  trees: () => import("./trees.js"),
  lab: () => import("./lab.js"),
  api: () => import("./api.js"),
};
const wanted = process.argv.slice(2).filter((a) => !a.startsWith("-"));
const names = wanted.length ? wanted : Object.keys(suites);
for (const name of names) {
  if (!suites[name]) {
    console.error(`unknown benchmark suite "${name}" (have: ${Object.keys(suites).join(", ")})`);
    process.exit(2);
  }
  const { run } = await suites[name]();
  await run();
}
