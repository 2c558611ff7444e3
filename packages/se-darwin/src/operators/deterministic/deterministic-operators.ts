import type * as t from '@babel/types';
import type { Trajectory } from '@genesis/schemas';
import { normaliseCode, parseProgram, printProgram, printValid, type SourceLanguage } from '../../edits/ast.js';
import { adaptProgram, parseSignature, mainFunction, paramsFromText, parseAny } from '../../edits/adapt.js';
import { branchCrossover, separatingPredicates } from '../../edits/branch.js';
import { applyDiffPoints, diffPoints, functionCrossovers } from '../../edits/crossover.js';
import { applyEdits, type Edit, type EditKind } from '../../edits/edit.js';
import { diagnoseFailures, sliceWeights, terminationWeights } from '../../edits/localise.js';
import { pointMutations } from '../../edits/mutations.js';
import { removalVariants, simplifyProgram } from '../../edits/simplify.js';
import { collectSites } from '../../edits/sites.js';
import { skeletonPrograms } from '../../edits/skeletons.js';
import { breakInsertionEdits, deletionEdits, insertionEdits, resetInsertionEdits, swapEdits } from '../../edits/statements.js';
import { expressionEdits } from '../../edits/expressions.js';
import { passedTests, testLabel } from '../../edits/test-map.js';
import { wrongSelection } from '../../edits/selection.js';
import { textSimilarity } from '../../edits/relevance.js';
import { dedupeFragments, harvestFragments, transplantEdits, type Fragment } from '../../edits/transplant.js';
import { SEDarwinError } from '../../errors.js';
import type { Candidate, OperatorContext, Operators } from '../types.js';
import { insightFactor, KIND_PRIORS, twoStageWeights, weightedOrder } from './sampling.js';

/** Options of {@link createDeterministicOperators}. Every switch exists so the benchmarks can ablate it. */
export interface DeterministicOperatorsOptions {
  /** Edit kinds never proposed (e.g. `['variable']`). */
  disabledEdits?: readonly EditKind[];
  /** Weight edits by the static backward slice from the return values. Default true. */
  faultLocalisation?: boolean;
  /** Weight edit kinds by their improvement record in the pool's insights. Default true. */
  insightBias?: boolean;
  /** Graft expressions and statements of production code and of other candidates. Default true. */
  transplants?: boolean;
  /** Offer generic program skeletons in `baseline` when the problem has a signature. Default true. */
  skeletons?: boolean;
  /**
   * Adapt only production seeds whose task description is close to the best match's (≥ 0.6 of its word overlap
   * with the problem's description); the others remain transplant material. Default true.
   */
  seedRelevance?: boolean;
  /**
   * Offer, when no finer crossover child is new, a dispatcher that calls each parent on the input pattern where it
   * passes. Default false: measured on the repair set, such patches pass the tests they were fitted to and then fail
   * held-out tests far more often than edit-based repairs (see docs/deterministic-operators.md).
   */
  branchCrossover?: boolean;
  /** Revise the better ancestor of a trajectory that scored below its parent (backtracking). Default true. */
  backtracking?: boolean;
  /**
   * Also step back over neutral children: a trajectory that fails exactly the tests its parent fails is revised as
   * its parent (fresh single edits of the program that earned the score) rather than stacking more edits on an edit
   * that changed nothing observable. Two-edit repairs remain reachable through paired edits and through children
   * that pass more tests. Default true.
   */
  neutralBacktracking?: boolean;
  /** Probability that a revision carries a second edit (for defects no single edit fixes). Default 0.15. */
  secondEditRate?: number;
  /** Candidates returned per call when the engine asks for fewer than this. Default 1. */
  minCandidates?: number;
  /** Pool members (best first) used as transplant material. Default 6. */
  poolMaterial?: number;
}

/** Throws `INVALID_CONFIG` for options out of range, naming the option. */
function checkOptions(o: DeterministicOperatorsOptions): void {
  if (o.secondEditRate !== undefined && !(o.secondEditRate >= 0 && o.secondEditRate <= 1))
    throw new SEDarwinError('INVALID_CONFIG', `secondEditRate must be in [0, 1], got ${o.secondEditRate}`, { path: 'options.secondEditRate' });
  for (const k of ['minCandidates', 'poolMaterial'] as const) {
    const v = o[k];
    if (v !== undefined && !(Number.isInteger(v) && v >= 0))
      throw new SEDarwinError('INVALID_CONFIG', `${k} must be a non-negative integer, got ${v}`, { path: `options.${k}` });
  }
}

interface Draft {
  code: string;
  edits: string[];
  strategy: string;
  seedIds?: string[];
}

/**
 * The deterministic program-edit operators (`deterministic@1`): real search over JavaScript/TypeScript syntax trees
 * with no model.
 *
 * - `baseline`: the starter code; when it is a stub and no production code is available, generic skeletons for the
 *   signature (ordered by the description's words).
 * - `adaptSeed`: a production program renamed to the entry, its parameters mapped to the signature.
 * - `revise`: single (sometimes double) edits of a failed candidate — operator, comparison, constant, off-by-one,
 *   negated condition, confused method or variable, swapped operands or arguments, statement deletion, insertion
 *   and swap, transplants of production and pool code — sampled by fault localisation (backward slice), by what
 *   the failures look like (off by one, inverted, reversed, time-out), and by the edit kinds' record in insights.
 * - `recombine`: crossover of two parents at the points where their trees differ (statements aligned by longest
 *   common subsequence), function swaps, and — opt-in (`branchCrossover`), when they pass different tests and no
 *   finer child is new — a dispatcher that branches on the input pattern each parent succeeds on.
 * - `refine`: simplification, and removal variants (statements off the data path first) for the engine to keep only
 *   if every passing test still passes.
 *
 * Every offspring is printed and re-parsed; invalid programs, programs equal to their parent and programs already in
 * the pool are never returned. All choices draw on `ctx.rng`, so the same seed gives the same candidates.
 *
 * @example
 * const ops = createDeterministicOperators();
 * const darwin = new SEDarwin({ agentName: 'builder', tenantId: 't', operators: ops, config: { seed: 1 } });
 */
export function createDeterministicOperators(options: DeterministicOperatorsOptions = {}): Operators {
  checkOptions(options);
  const disabled = new Set<string>(options.disabledEdits ?? []);
  const useSlice = options.faultLocalisation ?? true;
  const useInsights = options.insightBias ?? true;
  const useTransplants = options.transplants ?? true;
  const useSkeletons = options.skeletons ?? true;
  const useBacktracking = options.backtracking ?? true;
  const useNeutral = useBacktracking && (options.neutralBacktracking ?? true);
  const seedRelevance = options.seedRelevance ?? true;
  const useBranch = options.branchCrossover ?? false;
  const secondEditRate = options.secondEditRate ?? 0.15;
  const minCandidates = options.minCandidates ?? 1;
  const poolMaterial = options.poolMaterial ?? 6;
  // Pure memo of harvested fragments by program text: it never changes what is proposed, only how fast.
  const fragmentCache = new Map<string, Fragment[]>();
  const normalCache = new Map<string, string>();

  const langOf = (ctx: OperatorContext): SourceLanguage => ctx.problem.language ?? 'js';
  const wanted = (ctx: OperatorContext): number => Math.max(minCandidates, ctx.count, 1);

  const normal = (code: string, language: SourceLanguage): string => {
    const key = `${language}\u0000${code}`;
    let n = normalCache.get(key);
    if (n === undefined) {
      n = normaliseCode(code, language);
      if (normalCache.size > 5000) normalCache.clear();
      normalCache.set(key, n);
    }
    return n;
  };

  const seenIn = (ctx: OperatorContext): Set<string> => new Set(ctx.pool.map((p) => normal(p.code, langOf(ctx))));

  /** Collects drafts into candidates: valid, new (not in the pool, not proposed twice), up to `limit`. */
  const collect = (ctx: OperatorContext, limit: number, base: Omit<Candidate, 'code' | 'edits' | 'strategy'>) => {
    const language = langOf(ctx);
    const seen = seenIn(ctx);
    const out: Candidate[] = [];
    return {
      out,
      full: () => out.length >= limit,
      add(draft: Draft): boolean {
        if (out.length >= limit) return false;
        if (!parseProgram(draft.code, language)) return false;
        const key = normal(draft.code, language);
        if (seen.has(key)) return false;
        seen.add(key);
        const seedIds = [...new Set([...(base.seedIds ?? []), ...(draft.seedIds ?? [])])];
        out.push({ ...base, code: draft.code, edits: draft.edits, strategy: draft.strategy, ...(seedIds.length ? { seedIds } : {}) });
        return true;
      },
    };
  };

  const fragmentsOf = (code: string, origin: 'production' | 'pool', sourceId: string, language: SourceLanguage): Fragment[] => {
    const key = `${origin}\u0000${sourceId}\u0000${language}\u0000${code}`;
    let f = fragmentCache.get(key);
    if (!f) {
      const ast = parseProgram(code, language);
      f = ast ? harvestFragments(ast, { origin, sourceId }) : [];
      if (fragmentCache.size > 1000) fragmentCache.clear();
      fragmentCache.set(key, f);
    }
    return f;
  };

  /** Transplant material: production code adapted to this problem (seeds with a good record first), then the pool. */
  const materialFor = (ctx: OperatorContext, exclude: string): Fragment[] => {
    if (!useTransplants) return [];
    const language = langOf(ctx);
    const { problem } = ctx;
    const seedRate = (id: string): number => {
      const s = ctx.insights.seeds[id];
      return s && s.attempts > 0 ? (s.improvements + 1) / (s.attempts + 2) : 0.5;
    };
    const production = [...ctx.production].sort((x, y) => seedRate(y.trajectoryId) - seedRate(x.trajectoryId));
    const frags: Fragment[] = [];
    for (const seed of production) {
      const adapted = adaptProgram({
        code: seed.code,
        entry: problem.entry,
        language,
        maxVariants: 1,
        ...(problem.signature ? { signature: problem.signature } : {}),
        ...(problem.starterCode ? { starterCode: problem.starterCode } : {}),
        ...seedEntryOf(seed),
        argSamples: problem.tests.map((tc) => tc.args),
      })[0];
      if (adapted) frags.push(...fragmentsOf(adapted.code, 'production', seed.trajectoryId, language));
    }
    const donors = ctx.pool.filter((p) => p.trajectoryId !== exclude && p.code.trim() !== '').slice(0, poolMaterial);
    for (const d of donors) frags.push(...fragmentsOf(d.code, 'pool', d.trajectoryId, language));
    return dedupeFragments(frags, 200);
  };

  const enumerate = (ast: t.File, ctx: OperatorContext, material: Fragment[]): Edit[] => {
    const sites = collectSites(ast);
    const edits = [
      ...pointMutations(sites, ast),
      ...deletionEdits(sites),
      ...swapEdits(sites),
      ...insertionEdits(sites),
      ...breakInsertionEdits(sites),
      ...resetInsertionEdits(sites),
      ...expressionEdits(sites, ast),
      ...transplantEdits(sites, ast, material),
    ];
    return edits.filter((e) => !disabled.has(e.kind));
  };

  const operators: Operators = {
    name: 'deterministic@1',

    async baseline(ctx) {
      const { problem } = ctx;
      const language = langOf(ctx);
      const c = collect(ctx, wanted(ctx), { operator: 'baseline', parentIds: [] });
      if (problem.starterCode) c.add({ code: problem.starterCode, edits: ['baseline:starter'], strategy: 'the starter code as given' });
      const sig = parseSignature(problem.signature);
      const starter = problem.starterCode ? parseAny(problem.starterCode) : undefined;
      const starterFn = starter ? mainFunction(starter.ast, problem.entry) : undefined;
      // A starter that does not parse cannot be edited: its parameters, read from its text, still give skeletons
      // and an empty function to start from (without them the run had nothing to evaluate at all).
      const broken = problem.starterCode !== undefined && problem.starterCode.trim() !== '' && starter === undefined;
      const params =
        sig?.params ??
        starterFn?.params.map((p, i) => ({ name: 'name' in p && typeof p.name === 'string' ? p.name : `arg${i}` })) ??
        (broken ? paramsFromText(problem.starterCode!, problem.entry) : undefined);
      // Starter code with a real body is the program to improve, and production code adapted to the problem is a
      // better start than any generic shape: skeletons only when the starter is a stub (or absent) and there is no
      // production code.
      const stub = !starterFn || isStub(starterFn);
      if (useSkeletons && params && stub && ctx.production.length === 0) {
        for (const s of skeletonPrograms({ entry: problem.entry, params, description: problem.description, language, ...(sig?.returns ? { returns: sig.returns } : {}) })) {
          if (ctx.signal?.aborted || c.full()) break;
          c.add({ code: s.code, edits: ['baseline:skeleton'], strategy: `generic ${s.name} skeleton for the signature` });
        }
      }
      if (c.out.length === 0 && (!problem.starterCode || broken)) {
        const list = (params ?? []).map((p) => p.name).join(', ');
        c.add({ code: `function ${problem.entry}(${list}) {\n  return undefined;\n}\n`, edits: ['baseline:stub'], strategy: 'an empty function to start from' });
      }
      return c.out;
    },

    async adaptSeed(seed, ctx) {
      const { problem } = ctx;
      // Seeds for a clearly less related task than the best one are only transplant material: adapting each of them
      // costs an evaluation and splits the search between them. A seed with improvements on record always qualifies.
      if (seedRelevance && !isRelevantSeed(seed, ctx)) return [];
      // Two variants even when one is asked for: a second parameter order is cheap insurance when the guess is wrong.
      const c = collect(ctx, Math.max(2, Math.min(wanted(ctx), 4)), {
        operator: 'production',
        parentIds: [seed.trajectoryId],
        seedIds: [seed.trajectoryId],
      });
      const variants = adaptProgram({
        code: seed.code,
        entry: problem.entry,
        language: langOf(ctx),
        ...(problem.signature ? { signature: problem.signature } : {}),
        ...(problem.starterCode ? { starterCode: problem.starterCode } : {}),
        ...seedEntryOf(seed),
        argSamples: problem.tests.map((tc) => tc.args),
      });
      for (const v of variants) {
        c.add({ code: v.code, edits: [v.rank === 0 ? 'adapt-seed' : 'adapt-seed:reorder'], strategy: `production code adapted: ${v.description}` });
      }
      for (const cand of c.out) cand.reasoningPattern = 'production-seed';
      return c.out;
    },

    async revise(failed, ctx) {
      const language = langOf(ctx);
      // A failed trajectory that scores below its own parent was a wrong step: the orthogonal attempt is another
      // edit of that better ancestor (backtracking), not a further edit of the regression.
      const target = useBacktracking ? betterAncestor(failed, ctx.pool, useNeutral) : failed;
      const ast = parseProgram(target.code, language);
      if (!ast) return [];
      const printed = printProgram(ast);
      const failures = target.testResults?.failures ?? [];
      const diagnosis = diagnoseFailures(failures, target.testResults?.passed ?? 0);
      // Failing vs expected results over the input's elements: a wrong selection condition.
      const passed = passedTests(ctx.problem.tests, target);
      const actuals = new Map(failures.map((f) => [f.name, f.actual]));
      const selection = passed
        ? wrongSelection(
            ctx.problem.tests,
            passed.flatMap((ok, i) => (ok ? [] : [{ index: i, actual: actuals.get(testLabel(ctx.problem.tests[i]!, i)) }])),
          )
        : undefined;
      if (selection) {
        for (const k of ['negate-condition', 'comparison', 'constant', 'logical-operator', 'method-swap'] as const)
          diagnosis.priors[k] = Math.max(diagnosis.priors[k] ?? 1, 2.5);
        diagnosis.summary += `; the result covers the ${selection.actual} elements where the ${selection.expected} ones were expected: the selection condition is wrong`;
      }
      const material = materialFor(ctx, target.trajectoryId);
      const edits = enumerate(ast, ctx, material);
      const slice = useSlice ? sliceWeights(ast, ctx.problem.entry) : undefined;
      if (slice && diagnosis.nonTerminating) for (const [site, w] of terminationWeights(ast)) slice.set(site, (slice.get(site) ?? 1) * w);
      // An edit that shifts an additive term by exactly the constant error of every failing result explains it.
      const groupOf = (e: (typeof edits)[number]): string =>
        diagnosis.constantDelta !== undefined && e.delta !== undefined && Math.abs(e.delta - diagnosis.constantDelta) < 1e-9
          ? 'value:explains-delta'
          : (e.group ?? e.kind);
      const kindOfGroup = new Map(edits.map((e) => [groupOf(e), e.kind]));
      const weights = twoStageWeights(
        edits.map(groupOf),
        edits.map((e) => e.weight * (slice?.get(e.site) ?? 1)),
        (group) => {
          const kind = kindOfGroup.get(group)!;
          return (
            (KIND_PRIORS[group] ?? 0.5) *
            (diagnosis.priors[kind as EditKind] ?? 1) *
            (useInsights ? insightFactor(ctx.insights, kind) : 1)
          );
        },
      );
      const rng = ctx.rng.fork(`revise:${failed.trajectoryId}`);
      const order = weightedOrder(weights, rng);
      const c = collect(ctx, wanted(ctx), {
        operator: 'revision',
        parentIds: target === failed ? [failed.trajectoryId] : [failed.trajectoryId, target.trajectoryId],
        problemDiagnosis: diagnosis.summary,
        reasoningPattern: target === failed ? 'test-guided-edit' : 'test-guided-edit:backtrack',
      });
      let cursor = 0;
      const budget = wanted(ctx) * 8 + 50;
      for (let attempt = 0; attempt < budget && cursor < order.length && !c.full(); attempt++) {
        if (ctx.signal?.aborted) break;
        const first = edits[order[cursor++]!]!;
        // The single edit always; sometimes also the edit paired with another (for defects no single edit fixes).
        const tries = [[first]];
        if (secondEditRate > 0 && rng.next() < secondEditRate && order.length > 1) {
          const partner = edits[order[rng.int(order.length)]!]!;
          if (partner.site !== first.site) tries.push([first, partner]);
        }
        for (const chosen of tries) {
          const code = applyEdits(ast, chosen, language, printed);
          if (code === undefined) continue;
          const seedIds = chosen.flatMap((e) => (e.kind.endsWith(':production') && e.sourceId ? [e.sourceId] : []));
          c.add({
            code,
            edits: chosen.map((e) => e.kind),
            strategy: `revision${target === failed ? '' : ` (back from a ${target.score > failed.score ? 'regression' : 'neutral step'} to ${target.trajectoryId})`}: ${chosen.map((e) => e.description).join('; ')}`,
            seedIds,
          });
        }
      }
      return c.out;
    },

    async recombine(a, b, ctx) {
      const language = langOf(ctx);
      const astA = parseProgram(a.code, language);
      const astB = parseProgram(b.code, language);
      if (!astA || !astB) return [];
      const rng = ctx.rng.fork(`recombine:${a.trajectoryId}:${b.trajectoryId}`);
      const c = collect(ctx, wanted(ctx), { operator: 'recombination', parentIds: [a.trajectoryId, b.trajectoryId], reasoningPattern: 'crossover' });
      const queues: Draft[][] = [[], [], [], []];
      // 1. Branch on the input pattern where each parent succeeds.
      const tests = ctx.problem.tests;
      const passA = passedTests(tests, a);
      const passB = passedTests(tests, b);
      if (useBranch && passA && passB && !disabled.has('crossover:branch' as EditKind)) {
        // Either parent may be the one the predicate selects: the library holds `x < 0` but not `x >= 0`.
        const orders = [
          { first: astA, second: astB, pf: passA, ps: passB, label: ['first', 'second'] },
          { first: astB, second: astA, pf: passB, ps: passA, label: ['second', 'first'] },
        ];
        for (const o of orders) {
          for (const p of separatingPredicates(tests, o.pf, o.ps).slice(0, 2)) {
            const merged = branchCrossover({ a: o.first, b: o.second, entry: ctx.problem.entry, predicate: p, language });
            const code = merged && printValid(merged, language);
            if (code) queues[0]!.push({ code, edits: ['crossover:branch'], strategy: `crossover: ${o.label[0]} parent when ${p.source}, else ${o.label[1]} parent` });
          }
        }
      }
      // 2. Subtree / statement-region crossover at the points where the trees differ, both directions.
      const single = (x: t.File, y: t.File, label: string): Draft[] => {
        const points = diffPoints(x, y);
        const drafts: Draft[] = [];
        for (const p of points) {
          const code = printValid(applyDiffPoints(x, [p]), language);
          if (code) drafts.push({ code, edits: ['crossover:subtree'], strategy: `crossover: ${label} with ${p.description}` });
        }
        if (points.length >= 3) {
          for (let k = 0; k < 2; k++) {
            const subset = points.filter(() => rng.next() < 0.5);
            if (subset.length === 0 || subset.length === points.length) continue;
            const code = printValid(applyDiffPoints(x, subset), language);
            if (code) drafts.push({ code, edits: ['crossover:uniform'], strategy: `crossover: ${label} with ${subset.length} of ${points.length} differences` });
          }
        }
        return drafts;
      };
      const ab = disabled.has('crossover:subtree' as EditKind) ? [] : single(astA, astB, 'first parent');
      const ba = disabled.has('crossover:subtree' as EditKind) ? [] : single(astB, astA, 'second parent');
      for (let i = 0; i < Math.max(ab.length, ba.length); i++) {
        if (ab[i]) queues[1]!.push(ab[i]!);
        if (ba[i]) queues[1]!.push(ba[i]!);
      }
      // 3. Whole functions exchanged.
      if (!disabled.has('crossover:function' as EditKind)) {
        for (const [x, y, label] of [[astA, astB, 'first'], [astB, astA, 'second']] as const) {
          for (const f of functionCrossovers(x, y)) {
            const code = printValid(f.ast, language);
            if (code) queues[2]!.push({ code, edits: ['crossover:function'], strategy: `crossover: ${label} parent with ${f.description}` });
          }
        }
      }
      // Interleave subtree and function crossovers; insights decide which leads. A dispatcher on the input pattern
      // fits exactly the tests it was built from and overfits when the parents share structure that a finer
      // crossover could merge, so it is the last resort: offered only when no finer child is new.
      const kinds = ['crossover:branch', 'crossover:subtree', 'crossover:function'];
      const lead = useInsights
        ? [1, 2].sort((x, y) => insightFactor(ctx.insights, kinds[y]!) - insightFactor(ctx.insights, kinds[x]!))
        : [1, 2];
      const drain = (order: number[]): void => {
        let progressed = true;
        while (!c.full() && progressed) {
          progressed = false;
          for (const q of order) {
            const draft = queues[q]!.shift();
            if (draft) {
              progressed = true;
              c.add(draft);
            }
          }
        }
      };
      drain(lead);
      if (c.out.length === 0) drain([0]);
      return c.out;
    },

    async refine(best, ctx) {
      const language = langOf(ctx);
      const ast = parseProgram(best.code, language);
      if (!ast) return [];
      const entry = ctx.problem.entry;
      const c = collect(ctx, wanted(ctx), { operator: 'refinement', parentIds: [best.trajectoryId], reasoningPattern: 'remove-redundancy' });
      const simplified = simplifyProgram(ast, entry);
      if (simplified.rewrites > 0) {
        const code = printValid(simplified.ast, language);
        if (code) c.add({ code, edits: ['simplify'], strategy: `refinement: ${simplified.rewrites} simplification(s)` });
      }
      const weights = useSlice ? sliceWeights(ast, entry) : new Map<number, number>();
      // A program that passes everything may lose any statement that turns out redundant (the engine keeps a removal
      // only if every test still passes). One that still fails tests is only offered removals off the data path of
      // its return values: cutting its working core would spend evaluations on certain regressions.
      const passesAll = best.score >= 1;
      for (const r of removalVariants(ast, weights)) {
        if (c.full() || ctx.signal?.aborted) break;
        if (!passesAll && useSlice && r.sliceWeight >= 1) continue;
        const s = simplifyProgram(r.ast, entry);
        const code = printValid(s.rewrites > 0 ? s.ast : r.ast, language);
        if (code) c.add({ code, edits: s.rewrites > 0 ? ['remove-redundant', 'simplify'] : ['remove-redundant'], strategy: `refinement: ${r.description}` });
      }
      return c.out;
    },
  };
  return operators;
}

/**
 * The best strict ancestor of `t` still in the pool, following parents while they score higher (at most a few hops);
 * with `neutral`, also parents that fail exactly the same tests. `t` itself when no parent qualifies.
 */
function betterAncestor(t: Trajectory, pool: readonly Trajectory[], neutral: boolean): Trajectory {
  const byId = new Map(pool.map((p) => [p.trajectoryId, p]));
  let current = t;
  for (let hop = 0; hop < 8; hop++) {
    const from = current;
    const better = (from.parentIds ?? [])
      .map((id) => byId.get(id))
      .filter((p): p is Trajectory => p !== undefined && p.score < 1 && (p.score > from.score || (neutral && sameFailures(p, from))))
      .sort((a, b) => b.score - a.score)[0];
    if (!better) break;
    current = better;
  }
  return current;
}

/** Whether two trajectories fail exactly the same tests (as recorded by the engine); unknown counts as different. */
function sameFailures(a: Trajectory, b: Trajectory): boolean {
  const fa = a.metadata.failingTests;
  const fb = b.metadata.failingTests;
  if (!Array.isArray(fa) || !Array.isArray(fb) || a.score !== b.score || fa.length !== fb.length) return false;
  const set = new Set(fa);
  return fb.every((i) => set.has(i));
}

/** The text a production trajectory describes its task with. */
function seedText(t: Trajectory): string {
  return `${t.problemDiagnosis} ${t.strategy}`;
}

function isRelevantSeed(seed: Trajectory, ctx: OperatorContext): boolean {
  const record = ctx.insights.seeds[seed.trajectoryId];
  if (record && record.improvements > 0) return true;
  const mine = textSimilarity(seedText(seed), ctx.problem.description);
  const best = Math.max(mine, ...ctx.production.map((p) => textSimilarity(seedText(p), ctx.problem.description)));
  return best === 0 || mine >= 0.6 * best;
}

/** A function whose body does nothing useful yet: empty, or a single `return` of a literal or nothing. */
function isStub(fn: t.Function): boolean {
  const body = fn.body;
  if (body.type !== 'BlockStatement') return body.type.endsWith('Literal') || (body.type === 'Identifier' && body.name === 'undefined');
  if (body.body.length === 0) return true;
  if (body.body.length > 1) return false;
  const only = body.body[0]!;
  if (only.type === 'ThrowStatement') return true;
  if (only.type !== 'ReturnStatement') return false;
  const arg = only.argument;
  return !arg || arg.type.endsWith('Literal') || (arg.type === 'Identifier' && arg.name === 'undefined') || arg.type === 'ArrayExpression' && arg.elements.length === 0;
}

function seedEntryOf(seed: Trajectory): { seedEntry?: string } {
  const e = seed.metadata.entry;
  return typeof e === 'string' ? { seedEntry: e } : {};
}
