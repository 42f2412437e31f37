import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * DESIGN.md "Layers: dependencies point down only". Layer 1 (numerics: stats) and layer 2 (domain:
 * clinical, synthetic) are pure: they import nothing from the engine, server, web or CLI, and use no
 * file, database, network or clock API. Every package depends only on packages of lower layers.
 */
const LAYER: Record<string, number> = {
  stats: 1,
  trees: 1,
  ml: 1,
  clinical: 2,
  synthetic: 2,
  engine: 3,
  reports: 4,
  server: 4,
  web: 4,
  cli: 4,
};
const PURE = Object.keys(LAYER).filter((p) => LAYER[p]! <= 2);

const FORBIDDEN_IN_PURE: [RegExp, string][] = [
  [/from\s+["']node:/, "a node: built-in module"],
  [
    /from\s+["'](fs|path|os|net|http|https|child_process|worker_threads|crypto|url|process)(\/[^"']*)?["']/,
    "a Node built-in module",
  ],
  [
    /from\s+["'](better-sqlite3|pg|kysely|fastify|@fastify\/[^"']+|commander|react|react-dom|echarts)["']/,
    "an I/O or interface library",
  ],
  [/\bimport\s*\(/, "a dynamic import"],
  [/\brequire\s*\(/, "require()"],
  [/\bprocess\./, "the process object"],
  [/\bDate\.now\s*\(/, "the clock (Date.now)"],
  [/\bnew Date\(\s*\)/, "the clock (new Date())"],
  [/\bperformance\.now\s*\(/, "the clock (performance.now)"],
  [/\bMath\.random\s*\(/, "unseeded randomness (Math.random)"],
  [/\b(fetch|XMLHttpRequest|WebSocket)\s*\(/, "the network"],
  [/\b(setTimeout|setInterval)\s*\(/, "timers"],
];

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (/\.(ts|tsx)$/.test(name)) out.push(path);
  }
  return out;
}

function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`])\/\/.*$/gm, "$1");
}

describe("layer rule", () => {
  it.each(PURE)("packages/%s is pure: no I/O, clock, network or upper-layer imports", (pkg) => {
    const problems: string[] = [];
    for (const file of sourceFiles(join("packages", pkg, "src"))) {
      const code = withoutComments(readFileSync(file, "utf8"));
      for (const [pattern, what] of FORBIDDEN_IN_PURE) {
        const m = pattern.exec(code);
        if (m) problems.push(`${file}: uses ${what} (${m[0]})`);
      }
      for (const m of code.matchAll(/from\s+["']@carta\/([a-z]+)["']/g)) {
        if ((LAYER[m[1]!] ?? 9) > LAYER[pkg]!)
          problems.push(`${file}: imports @carta/${m[1]} from a higher layer`);
      }
    }
    expect(problems).toEqual([]);
  });

  it.each(Object.keys(LAYER))("packages/%s depends only on lower or equal layers", (pkg) => {
    const manifest = JSON.parse(readFileSync(join("packages", pkg, "package.json"), "utf8"));
    const deps = Object.keys({ ...manifest.dependencies, ...manifest.devDependencies }).filter((d) =>
      d.startsWith("@carta/"),
    );
    const upward = deps.filter((d) => LAYER[d.slice("@carta/".length)]! > LAYER[pkg]!);
    expect(upward).toEqual([]);
    for (const file of sourceFiles(join("packages", pkg, "src"))) {
      const code = withoutComments(readFileSync(file, "utf8"));
      for (const m of code.matchAll(/from\s+["']@carta\/([a-z]+)["']/g)) {
        expect(deps, `${file} imports @carta/${m[1]} without declaring it`).toContain(`@carta/${m[1]}`);
      }
    }
  });

  it("pure packages compile without Node's types", () => {
    for (const pkg of PURE) {
      const tsconfig = JSON.parse(readFileSync(join("packages", pkg, "tsconfig.json"), "utf8"));
      expect(tsconfig.compilerOptions.types, pkg).toEqual([]);
    }
  });

  it("the checker catches a violation (it can fail)", () => {
    const sample = 'import { readFileSync } from "node:fs";\nconst t = Date.now();';
    const hits = FORBIDDEN_IN_PURE.filter(([p]) => p.test(sample)).map(([, what]) => what);
    expect(hits).toEqual(["a node: built-in module", "the clock (Date.now)"]);
  });
});
