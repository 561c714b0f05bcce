#!/usr/bin/env node
// The meshlint benchmark (`npm run bench`). See bench/README.md.
//
//   node bench/run.mjs [--quick] [--repeat R] [--namespaces N] [--scale K]
//                      [--jobs N] [--only LIST] [--out DIR] [--json PATH] [--regen]
//
// Environment: MESHLINT_BIN=path/to/entry.js runs that Node script instead of
// bin/meshlint.js (to benchmark another build, or to test this runner).
//
// Every figure is the median of R runs of a child process, wall time measured
// from spawn to exit, so Node's start-up is counted for meshlint and the floor
// alike. Exit status: 0 when every run worked, whether or not targets are met;
// 1 when meshlint (or the floor) exits with 2 or more, or dies; 2 on bad usage.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync,
} from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generate } from './gen.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');
const MEASURES = ['floor', 'cold', 'cold1', 'warm', 'changed', 'startup', 'scale', 'crd'];

function parseArgs(argv) {
  const o = { quick: false, repeat: undefined, namespaces: undefined, scale: 5, jobs: undefined,
    only: MEASURES, out: join(here, 'out'), json: join(here, 'results.json'), regen: false };
  const num = (a, v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new Error(`${a} needs a positive integer, got ${v}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--quick') o.quick = true;
    else if (a === '--regen') o.regen = true;
    else if (a === '--repeat') o.repeat = num(a, argv[++i]);
    else if (a === '--namespaces') o.namespaces = num(a, argv[++i]);
    else if (a === '--scale') o.scale = num(a, argv[++i]);
    else if (a === '--jobs') o.jobs = num(a, argv[++i]);
    else if (a === '--out') o.out = resolve(argv[++i] ?? '');
    else if (a === '--json') o.json = resolve(argv[++i] ?? '');
    else if (a === '--only') {
      o.only = (argv[++i] ?? '').split(',').filter(Boolean);
      const bad = o.only.filter((m) => !MEASURES.includes(m));
      if (bad.length || !o.only.length) throw new Error(`--only takes a comma-separated list of ${MEASURES.join(', ')}`);
    } else if (a === '--help' || a === '-h') {
      process.stdout.write(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(1, 13).join('\n') + '\n');
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  o.namespaces ??= o.quick ? 20 : 500;
  o.repeat ??= o.quick ? 2 : 5;
  return o;
}

const log = (s) => process.stderr.write(`${s}\n`);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

// ------------------------------------------------------------ peak RSS
//
// Preferred: GNU time (`/usr/bin/time`, Debian package `time`). It reads the
// child's rusage from wait4(), so it sees the whole process from exec to exit,
// including a crash or a process.exit() that skips handlers. Fallback: preload
// bench/rss-report.mjs with `node --import`, which writes
// process.resourceUsage().maxRSS on 'exit'. That works wherever Node does and
// counts worker threads (they share the process), but reports nothing when the
// process is killed by a signal, and nothing for child processes it spawns.

function detectTime(scratch) {
  const out = join(scratch, 'time-probe');
  const r = spawnSync('/usr/bin/time', ['-f', '%M %U %S', '-o', out, process.execPath, '-e', ''], { stdio: 'ignore' });
  if (r.status !== 0 || !existsSync(out)) return false;
  return /^\d+ [\d.]+ [\d.]+$/m.test(readFileSync(out, 'utf8'));
}

function makeRunner(scratch) {
  const useTime = detectTime(scratch);
  const reporter = pathToFileURL(join(here, 'rss-report.mjs')).href;
  const rssFile = join(scratch, 'rss');
  return {
    method: useTime ? 'gnu-time' : 'node-import',
    /** Run `node script ...args`; returns wall ms, CPU ms (user + system, every thread), peak RSS in MB, exit code, output. */
    run(script, args, cwd) {
      rmSync(rssFile, { force: true });
      const env = { ...process.env };
      delete env.MESHLINT_BENCH_RSS_CLAIMED;
      let cmd;
      let argv;
      if (useTime) {
        cmd = '/usr/bin/time';
        argv = ['-f', '%M %U %S', '-o', rssFile, process.execPath, script, ...args];
      } else {
        cmd = process.execPath;
        argv = ['--import', reporter, script, ...args];
        env.MESHLINT_BENCH_RSS_FILE = rssFile;
      }
      const t0 = process.hrtime.bigint();
      const r = spawnSync(cmd, argv, { cwd, env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      // GNU time adds "Command exited with non-zero status N" before the
      // format line; the figure is the last line.
      const lines = existsSync(rssFile) ? readFileSync(rssFile, 'utf8').trim().split('\n') : [];
      const [kb, user, sys] = (lines.at(-1) ?? '').split(' ').map(Number);
      const cpuMs = Number.isFinite(user) && Number.isFinite(sys) ? (user + sys) * 1000 : null;
      let code = r.status;
      // Through GNU time a signal shows as status 128+N; without it, as r.signal.
      if (r.signal || r.error) code = null;
      else if (useTime && /terminated by signal/.test(lines.join('\n'))) code = null;
      return { ms, cpuMs, rssMb: Number.isFinite(kb) && lines.length ? kb / 1024 : null, code, stdout: r.stdout ?? '', stderr: (r.stderr ?? '') + (r.error ? String(r.error) : '') };
    },
  };
}

// ------------------------------------------------------------- corpora

function genHash() {
  return createHash('sha256').update(readFileSync(join(here, 'gen.mjs'))).digest('hex').slice(0, 16);
}

/** Generate `name` unless an identical corpus (same generator, same options) is there. */
function corpus(outRoot, name, opts, regen) {
  const dir = join(outRoot, name);
  const stampFile = join(outRoot, `${name}.stamp.json`);
  const key = { gen: genHash(), ...opts };
  if (!regen && existsSync(stampFile) && existsSync(dir)) {
    const stamp = JSON.parse(readFileSync(stampFile, 'utf8'));
    if (JSON.stringify(stamp.key) === JSON.stringify(key)) return { dir, ...stamp.result };
  }
  log(`generating ${name} (${opts.variant}, ${opts.namespaces} namespaces)`);
  rmSync(dir, { recursive: true, force: true });
  rmSync(stampFile, { force: true });
  mkdirSync(outRoot, { recursive: true });
  const result = generate(dir, opts);
  writeFileSync(stampFile, JSON.stringify({ key, result }, null, 2) + '\n');
  return { dir, ...result };
}

// ------------------------------------------------------------ measuring

class RunFailed extends Error {}

function main() {
  let o;
  try {
    o = parseArgs(process.argv.slice(2));
  } catch (e) {
    log(`bench: ${e.message}`);
    process.exit(2);
  }
  const bin = resolve(process.env.MESHLINT_BIN || join(root, 'bin', 'meshlint.js'));
  if (!existsSync(bin)) {
    log(`bench: meshlint entry ${bin} not found (build it, or set MESHLINT_BIN)`);
    process.exit(2);
  }
  const scratch = mkdtempSync(join(tmpdir(), 'meshlint-bench-'));
  const runner = makeRunner(scratch);
  // meshlint looks for .lintrc upward from its working directory: run it from
  // an empty directory so that no configuration is picked up.
  const cwd = join(scratch, 'cwd');
  mkdirSync(cwd);
  const want = new Set(o.only);
  const failures = [];
  const measures = {};

  const std = corpus(o.out, `mesh-${o.namespaces}`, { namespaces: o.namespaces, variant: 'mesh', seed: 1 }, o.regen);
  const big = want.has('scale')
    ? corpus(o.out, `mesh-${o.namespaces * o.scale}`, { namespaces: o.namespaces * o.scale, variant: 'mesh', seed: 1 }, o.regen)
    : null;
  const crd = want.has('crd') ? corpus(o.out, `crd-${o.namespaces}`, { namespaces: o.namespaces, variant: 'crd', seed: 1 }, o.regen) : null;

  const lintArgs = (target, extra) => [target, '--format', 'json', '--output', '/dev/null', ...extra,
    ...(o.jobs ? ['--jobs', String(o.jobs)] : [])];

  /** One run of meshlint or the floor; throws RunFailed when it broke. */
  const once = (what, script, args) => {
    const r = runner.run(script, args, cwd);
    const ok = script === bin ? r.code === 0 || r.code === 1 : r.code === 0;
    if (!ok) {
      const how = r.code === null ? 'crashed (signal or spawn error)' : `exited with ${r.code}`;
      failures.push({ measure: what, how, stderr: r.stderr.slice(-2000) });
      log(`\n${what}: ${script === bin ? 'meshlint' : 'floor'} ${how}\n${r.stderr.slice(-2000)}`);
      throw new RunFailed(what);
    }
    return r;
  };

  /**
   * Median of R runs of each [name, script, args]. Several specs alternate run
   * by run (floor, cold, floor, cold, …), so that a ratio between them is not
   * skewed by load that comes and goes on the machine. `before(i)` prepares run i.
   */
  const measure = (specs, { reps = o.repeat, before } = {}) => {
    const samples = new Map(specs.map(([name]) => [name, []]));
    let failed = null;
    try {
      for (let i = 0; i < reps; i++) {
        for (const [name, script, args] of specs) {
          failed = name;
          before?.(i);
          const r = once(name, script, args);
          samples.get(name).push({ ms: Math.round(r.ms), cpuMs: r.cpuMs === null ? null : Math.round(r.cpuMs), rssMb: r.rssMb === null ? null : Math.round(r.rssMb) });
        }
      }
      failed = null;
    } catch (e) {
      if (!(e instanceof RunFailed)) throw e;
    }
    for (const [name, ss] of samples) {
      if (name === failed || !ss.length) {
        measures[name] = { failed: true, samples: ss };
        continue;
      }
      const rss = ss.map((x) => x.rssMb).filter((x) => x !== null);
      const cpu = ss.map((x) => x.cpuMs).filter((x) => x !== null);
      measures[name] = { wallMs: Math.round(median(ss.map((x) => x.ms))), cpuMs: cpu.length ? Math.round(median(cpu)) : null, rssMb: rss.length ? Math.round(median(rss)) : null, samples: ss };
      log(`${name}: ${measures[name].wallMs} ms, CPU ${measures[name].cpuMs ?? '?'} ms, ${measures[name].rssMb ?? '?'} MB  (${ss.map((x) => x.ms).join(', ')})`);
    }
  };

  const floor = join(here, 'floor.mjs');
  try {
    const floorSpec = ['floor', floor, [std.dir]];
    const coldSpec = ['cold', bin, lintArgs(std.dir, ['--no-cache'])];
    // One thread: its CPU time against the floor's is the cost of the work itself.
    const cold1Spec = ['cold1', bin, [std.dir, '--format', 'json', '--output', '/dev/null', '--no-cache', '--jobs', '1']];
    if (want.has('floor') || want.has('cold') || want.has('cold1')) runner.run(floor, [std.dir], cwd); // untimed: fill the page cache
    const colds = [...(want.has('cold') ? [coldSpec] : []), ...(want.has('cold1') ? [cold1Spec] : [])];
    if (colds.length) measure([floorSpec, ...colds]);
    else if (want.has('floor')) measure([floorSpec]);
    // The changed run's target is a share of the cold run, measured in the same benchmark.
    if ((want.has('scale') || want.has('changed')) && !want.has('cold')) measure([coldSpec]);
    if (want.has('warm') || want.has('changed')) {
      const cacheDir = join(scratch, 'cache');
      const cacheArgs = lintArgs(std.dir, ['--cache', '--cache-location', `${cacheDir}/`]);
      let primed = false;
      try {
        once('warm', bin, cacheArgs); // priming run
        primed = true;
        if (!existsSync(cacheDir) || (readdirSync(cacheDir).length === 0)) log(`warning: nothing was written to ${cacheDir} by the priming run`);
      } catch (e) {
        if (!(e instanceof RunFailed)) throw e;
        for (const k of ['warm', 'changed']) if (want.has(k)) measures[k] = { failed: true, samples: [] };
      }
      if (primed) {
        if (want.has('warm')) measure([['warm', bin, cacheArgs]]);
        if (want.has('changed')) {
          // Pre-commit case: one Deployment gains a label before each run, a
          // different one each time, so every run sees exactly one changed file.
          const file = join(std.dir, std.deploymentFile);
          const original = readFileSync(file, 'utf8');
          if (!/^ {2}labels:\n/m.test(original)) throw new Error(`${file} has no metadata.labels to touch`);
          try {
            measure([['changed', bin, cacheArgs]], {
              before: (i) => writeFileSync(file, original.replace(/^ {2}labels:\n/m, `  labels:\n    bench-touch: "run-${i}"\n`)),
            });
          } finally {
            writeFileSync(file, original);
          }
        }
      }
    }
    if (want.has('startup')) {
      const small = join(scratch, 'small');
      mkdirSync(small);
      writeFileSync(join(small, 'service.yaml'), 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  selector:\n    app: web\n  ports:\n  - name: http\n    port: 80\n');
      // Bare Node.js alternates with it: what start-up costs meshlint beyond Node's own.
      measure([['node', '-e', ['0']], ['startup', bin, lintArgs(join(small, 'service.yaml'), ['--no-cache'])]]);
    }
    if (big) measure([['scale', bin, lintArgs(big.dir, ['--no-cache'])]]);
    if (crd) {
      runner.run(floor, [crd.dir], cwd);
      measure([['crd-floor', floor, [crd.dir]], ['crd', bin, lintArgs(crd.dir, ['--no-cache'])]]);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }

  // -------------------------------------------------------------- report
  const ms = (k) => (measures[k] && !measures[k].failed ? measures[k].wallMs : null);
  const mb = (k) => (measures[k] && !measures[k].failed ? measures[k].rssMb : null);
  const cpu = (k) => (measures[k] && !measures[k].failed ? measures[k].cpuMs : null);
  const ratio = (a, b) => (a === null || b === null || b === 0 ? null : a / b);
  const targets = [
    { measure: 'cold', what: 'time / floor', value: ratio(ms('cold'), ms('floor')), limit: 0.6 },
    { measure: 'cold', what: 'peak RSS MB', value: mb('cold'), limit: 250 },
    { measure: 'cold1', what: 'CPU / floor CPU', value: ratio(cpu('cold1'), cpu('floor')), limit: 0.6 },
    { measure: 'warm', what: 'time / cold', value: ratio(ms('warm'), ms('cold')), limit: 0.15 },
    { measure: 'changed', what: 'wall ms', value: ms('changed'), limit: 300 },
    { measure: 'changed', what: 'time / cold', value: ratio(ms('changed'), ms('cold')), limit: 0.15 },
    { measure: 'startup', what: 'wall ms', value: ms('startup'), limit: 100 },
    { measure: 'startup', what: 'time - node', value: ms('startup') === null || ms('node') === null ? null : ms('startup') - ms('node'), limit: 50 },
    { measure: 'scale', what: 'time / cold', value: ratio(ms('scale'), ms('cold')), limit: 5.5 },
    { measure: 'scale', what: 'RSS / cold RSS', value: ratio(mb('scale'), mb('cold')), limit: 3 },
    { measure: 'crd', what: 'time / crd-floor', value: ratio(ms('crd'), ms('crd-floor')), limit: 0.3 },
  ].filter((t) => measures[t.measure]).map((t) => ({ ...t, met: t.value === null ? null : t.value <= t.limit }));
  const base = { cold: 'floor', cold1: 'floor', warm: 'cold', changed: 'cold', node: null, startup: 'node', scale: 'cold', crd: 'crd-floor' };
  for (const [k, m] of Object.entries(measures)) {
    if (m.failed) continue;
    if (k === 'floor' || k === 'crd-floor') { m.ratio = 1; m.ratioTo = k; continue; }
    m.ratioTo = base[k];
    m.ratio = base[k] ? ratio(m.wallMs, ms(base[k])) : null;
  }

  const label = {
    floor: `floor (parse+toJS, ${o.namespaces} ns)`, cold: 'meshlint cold', cold1: 'meshlint cold, --jobs 1', warm: 'meshlint warm, no change',
    changed: 'meshlint warm, 1 file changed', node: 'node -e 0 (same run)', startup: 'meshlint start-up, 1 file', scale: `meshlint cold, ${o.scale}x corpus`,
    'crd-floor': 'floor, crd variant', crd: 'meshlint cold, crd variant',
  };
  const rows = [['measure', 'wall ms', 'CPU ms', 'RSS MB', 'ratio', 'target', 'met']];
  const fmt = (x, d = 2) => (x === null || x === undefined ? '-' : x.toFixed(d));
  for (const [k, m] of Object.entries(measures)) {
    const ts = targets.filter((t) => t.measure === k);
    const head = [label[k], m.failed ? 'FAILED' : String(m.wallMs), m.failed ? '-' : String(m.cpuMs ?? '-'), m.failed ? '-' : String(m.rssMb ?? '-'),
      m.failed || m.ratio === null ? '-' : `${fmt(m.ratio)} x ${m.ratioTo}`];
    if (!ts.length) rows.push([...head, '-', '-']);
    ts.forEach((t, i) => rows.push([...(i === 0 ? head : ['', '', '', '', t.what.includes('/') || t.what.includes(' - ') ? `${fmt(t.value, t.what.includes('/') ? 2 : 0)} ${t.what}` : '']),
      `${t.what} <= ${t.limit}`, t.met === null ? '-' : t.met ? 'yes' : 'no']));
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const line = (r) => r.map((cell, c) => (c === 0 || c >= 5 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ').trimEnd();
  const table = [line(rows[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
  const count = (c) => c && `${c.files} files, ${c.docs} documents, ${(c.bytes / 1e6).toFixed(1)} MB`;
  process.stdout.write(`\nmeshlint benchmark${o.quick ? ' (quick: sizes too small for the targets to mean anything)' : ''}\n` +
    `node ${process.version}, ${cpus().length} CPUs, median of ${o.repeat}, RSS via ${runner.method}\n` +
    `corpus: ${count(std)}${big ? `; ${o.scale}x: ${count(big)}` : ''}${crd ? `; crd: ${count(crd)}` : ''}\n\n${table}\n`);

  const summary = (c) => c && { namespaces: c.namespaces, variant: c.variant, files: c.files, docs: c.docs, bytes: c.bytes };
  const json = {
    quick: o.quick, repeat: o.repeat, namespaces: o.namespaces, scale: o.scale, jobs: o.jobs ?? null,
    node: process.version, platform: `${process.platform}-${process.arch}`, cpus: cpus().length,
    rssMethod: runner.method, meshlint: bin,
    corpora: { mesh: summary(std), scale: summary(big), crd: summary(crd) },
    measures, targets, failures,
  };
  mkdirSync(dirname(o.json), { recursive: true });
  writeFileSync(o.json, JSON.stringify(json, null, 2) + '\n');
  log(`\nwrote ${o.json}`);
  process.exit(failures.length ? 1 : 0);
}

main();
