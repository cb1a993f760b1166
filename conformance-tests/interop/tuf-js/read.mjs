// Reads a TUF repository with tuf-js, as conformance-tests' TufJsReadsTuf4jRepositoriesTest
// does for every repository tuf4j writes: refresh from a trusted root, then look up each target
// (through delegations and hash bins) and download the ones found. Prints one JSON object:
//
//   {"client":"tuf-js","version":"3.1.0","node":"v20...",
//    "refresh":{"ok":true,"rootVersion":2} | {"ok":false,"error":"Class: message"},
//    "targets":[{"path":"a/b.txt","status":"found","length":3,"sha256":"..."}
//             | {"path":...,"status":"not_found"} | {"path":...,"status":"error","error":"..."}]}
//
//   npm --prefix conformance-tests/interop/tuf-js ci
//   node conformance-tests/interop/tuf-js/read.mjs --metadata-url URL --targets-url URL \
//       --root 1.root.json --dir WORKDIR TARGET...
//
// Exit status 0 when the report was printed (whatever it says), 2 on a usage error.
import { createHash } from 'node:crypto';
import { promises as fsp, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Updater } from 'tuf-js';

const here = path.dirname(fileURLToPath(import.meta.url));

function usage(message) {
  if (message) console.error(message);
  console.error('usage: node read.mjs --metadata-url URL --targets-url URL --root FILE '
      + '--dir WORKDIR TARGET...');
  process.exit(2);
}

function parseArgs(argv) {
  const opts = { targets: [] };
  const names = { '--metadata-url': 'metadataUrl', '--targets-url': 'targetsUrl',
    '--root': 'root', '--dir': 'dir' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a in names) {
      if (i + 1 >= argv.length) usage(`${a} needs a value`);
      opts[names[a]] = argv[++i];
    } else if (a === '--') {
      opts.targets.push(...argv.slice(i + 1));
      break;
    } else if (a.startsWith('--')) {
      usage(`unknown option ${a}`);
    } else {
      opts.targets.push(a);
    }
  }
  for (const key of Object.values(names)) {
    if (opts[key] === undefined) usage(`missing ${key}`);
  }
  return opts;
}

function describe(e) {
  const name = e?.constructor?.name ?? 'Error';
  const status = e?.statusCode === undefined ? '' : ` (HTTP ${e.statusCode})`;
  return `${name}: ${e?.message ?? String(e)}${status}`;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const metadataDir = path.join(opts.dir, 'metadata');
  const targetDir = path.join(opts.dir, 'targets');
  await fsp.mkdir(metadataDir, { recursive: true });
  await fsp.mkdir(targetDir, { recursive: true });
  await fsp.copyFile(opts.root, path.join(metadataDir, 'root.json'));
  const version = JSON.parse(readFileSync(
    path.join(here, 'node_modules', 'tuf-js', 'package.json'), 'utf8')).version;
  const report = { client: 'tuf-js', version, node: process.version, targets: [] };

  // The constructor verifies the trusted root already: a failure there is the refresh's, and
  // then every lookup reports it too.
  let updater;
  try {
    updater = new Updater({
      metadataDir,
      metadataBaseUrl: opts.metadataUrl,
      targetDir,
      targetBaseUrl: opts.targetsUrl,
    });
    await updater.refresh();
    const root = JSON.parse(readFileSync(path.join(metadataDir, 'root.json'), 'utf8'));
    report.refresh = { ok: true, rootVersion: root.signed.version };
  } catch (e) {
    report.refresh = { ok: false, error: describe(e) };
  }

  for (const [i, target] of opts.targets.entries()) {
    const entry = { path: target };
    try {
      if (updater === undefined) throw new Error(`no updater: ${report.refresh.error}`);
      const info = await updater.getTargetInfo(target);
      if (info === undefined) {
        entry.status = 'not_found';
      } else {
        const file = await updater.downloadTarget(info, path.join(targetDir, `${i}.bin`));
        const bytes = readFileSync(file);
        entry.status = 'found';
        entry.length = bytes.length;
        entry.sha256 = createHash('sha256').update(bytes).digest('hex');
      }
    } catch (e) {
      entry.status = 'error';
      entry.error = describe(e);
    }
    report.targets.push(entry);
  }
  console.log(JSON.stringify(report));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
