// Times tuf-js full first refreshes (root -> timestamp -> snapshot -> targets) of a repository
// written by org.tuf4j.benchmarks.GenerateRepository, over loopback HTTP, and prints one JSON
// object. Each refresh starts from a fresh temporary metadata directory holding only the
// trusted root (copied in before the clock starts); the Updater is built and refresh() awaited
// inside the measurement, as HttpRefreshBenchmark does for the JVM clients.
//
//   npm --prefix benchmarks/peers/tuf-js ci
//   node benchmarks/peers/tuf-js/refresh-bench.mjs DIR [--runs N] [--warmup W]
//
// DIR holds metadata/ (1.root.json, timestamp.json, N.snapshot.json, N.targets.json).
import { createReadStream, promises as fsp, readFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Updater } from 'tuf-js';

const here = path.dirname(fileURLToPath(import.meta.url));

function usage(message) {
  if (message) console.error(message);
  console.error('usage: node refresh-bench.mjs DIR [--runs N] [--warmup W]');
  process.exit(2);
}

function parseArgs(argv) {
  const opts = { dir: undefined, runs: 10, warmup: 3 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--runs' || a === '--warmup') {
      const n = Number.parseInt(argv[++i], 10);
      if (!Number.isInteger(n) || n < (a === '--runs' ? 1 : 0)) usage(`bad ${a} value`);
      opts[a.slice(2)] = n;
    } else if (a.startsWith('--')) {
      usage(`unknown option ${a}`);
    } else if (opts.dir === undefined) {
      opts.dir = path.resolve(a);
    } else {
      usage(`unexpected argument ${a}`);
    }
  }
  if (opts.dir === undefined) usage();
  return opts;
}

// A read-only static server for root: GET/HEAD of regular files only; 404 for anything missing,
// any '..' or '.' segment, and anything that resolves outside root (symbolic links included).
async function serve(root) {
  const realRoot = await fsp.realpath(root);
  const server = http.createServer(async (req, res) => {
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { Allow: 'GET, HEAD' }).end();
        return;
      }
      const rawPath = new URL(req.url, 'http://127.0.0.1').pathname;
      const decoded = decodeURIComponent(rawPath);
      const segments = decoded.split('/');
      if (decoded.includes('\\') || decoded.includes('\0')
          || segments.some((s) => s === '..' || s === '.')) {
        res.writeHead(404).end();
        return;
      }
      const real = await fsp.realpath(path.join(realRoot, decoded));
      const stat = await fsp.stat(real);
      if (!(real === realRoot || real.startsWith(realRoot + path.sep)) || !stat.isFile()) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, {
        'Content-Length': stat.size,
        'Content-Type': real.endsWith('.json') ? 'application/json' : 'application/octet-stream',
      });
      if (req.method === 'HEAD') {
        res.end();
      } else {
        createReadStream(real).pipe(res);
      }
    } catch {
      if (!res.headersSent) res.writeHead(404);
      res.end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

async function refreshOnce(rootJson, metadataBaseUrl) {
  const metadataDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'tuf-js-bench-'));
  try {
    await fsp.writeFile(path.join(metadataDir, 'root.json'), rootJson);
    const start = process.hrtime.bigint();
    const updater = new Updater({ metadataDir, metadataBaseUrl });
    await updater.refresh();
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    return { ms, metadataDir };
  } catch (e) {
    await fsp.rm(metadataDir, { recursive: true, force: true });
    throw e;
  }
}

function stats(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const n = sorted.length;
  const mean = sorted.reduce((s, x) => s + x, 0) / n;
  const median = n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  const variance = n > 1 ? sorted.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1) : 0;
  const r = (x) => Math.round(x * 1000) / 1000;
  return {
    meanMs: r(mean), minMs: r(sorted[0]), medianMs: r(median), maxMs: r(sorted[n - 1]),
    stddevMs: r(Math.sqrt(variance)),
  };
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const rootJson = readFileSync(path.join(opts.dir, 'metadata', '1.root.json'));
  const tufJsVersion = JSON.parse(readFileSync(
    path.join(here, 'node_modules', 'tuf-js', 'package.json'), 'utf8')).version;
  const server = await serve(opts.dir);
  const metadataBaseUrl = `http://127.0.0.1:${server.address().port}/metadata`;
  try {
    let targets;
    for (let i = 0; i < opts.warmup + opts.runs; i++) {
      const { ms, metadataDir } = await refreshOnce(rootJson, metadataBaseUrl);
      if (i === 0) {
        // Outside the clock: the client must really have loaded every entry.
        const persisted = JSON.parse(readFileSync(path.join(metadataDir, 'targets.json'), 'utf8'));
        targets = Object.keys(persisted.signed.targets).length;
      }
      await fsp.rm(metadataDir, { recursive: true, force: true });
      if (i >= opts.warmup) (main.samples ??= []).push(ms);
    }
    console.log(JSON.stringify({
      client: 'tuf-js',
      tufJsVersion,
      node: process.version,
      repository: opts.dir,
      targets,
      warmup: opts.warmup,
      runs: opts.runs,
      ...stats(main.samples),
      samplesMs: main.samples.map((x) => Math.round(x * 1000) / 1000),
    }));
  } finally {
    server.close();
    server.closeAllConnections?.();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
