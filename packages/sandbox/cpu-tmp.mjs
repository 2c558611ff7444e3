import { readFileSync, readdirSync } from 'node:fs';
import { createSandbox } from './dist/index.js';
const iso = process.env.MODE ?? 'isolate';
const sb = createSandbox({ poolSize: 2, isolation: iso });
function reference(nums) { const distinct = [...new Set(nums)].sort((a, b) => a - b); return { distinct, sum: distinct.reduce((a, b) => a + b, 0) }; }
const tests = Array.from({ length: 10 }, (_, k) => { const nums = Array.from({ length: 20 + k * 5 }, (_, j) => ((j * 7919 + k * 31) % 50) - 10); return { args: [nums], expected: reference(nums) }; });
const code = (i) => `function summarize(nums) { // ${i}
    const distinct = [...new Set(nums)].sort((a, b) => a - b); let sum = 0; for (const x of distinct) sum += x; return { distinct, sum }; }`;
await Promise.all([0, 1].map((i) => sb.runTests({ code: code(-i - 1), entry: 'summarize', tests })));
function cpuOf(pid) { const s = readFileSync(`/proc/${pid}/stat`, 'utf8'); const r = s.slice(s.lastIndexOf(')') + 2).split(' '); return (Number(r[11]) + Number(r[12])) * 10; }
function kids() { return readdirSync('/proc').filter((n) => /^\d+$/.test(n)).filter((n) => { try { const s = readFileSync(`/proc/${n}/stat`, 'utf8'); return Number(s.slice(s.lastIndexOf(')') + 2).split(' ')[1]) === process.pid; } catch { return false; } }).map(Number); }
const before = Object.fromEntries(kids().map((p) => [p, cpuOf(p)]));
const c0 = process.cpuUsage(); const N = 600; let next = 0; const t0 = performance.now(); let ok = 0;
await Promise.all(Array.from({ length: 4 }, async () => { while (next < N) { const i = next++; const r = await sb.runTests({ code: code(i), entry: 'summarize', tests }); if (r.passed === 10) ok++; } }));
const wall = performance.now() - t0; const c = process.cpuUsage(c0);
console.log(iso, 'ok', ok, 'evals/s', (N / wall * 1000).toFixed(0), 'parent cpu ms/cand', ((c.user + c.system) / 1000 / N).toFixed(3), 'hosts ms/cand', kids().map(p => ((cpuOf(p) - (before[p] ?? 0)) / N).toFixed(3)).join(' '));
await sb.close();
