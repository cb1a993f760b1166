// tuf-js's client process for benchmarks/peers/run-peers.sh's cold runs: one process, one first
// refresh over HTTP (root.json already in WORKDIR/metadata), then either the top-level targets
// are counted or TARGET is looked up (through hash-bin delegations). Prints one JSON line. The
// same steps as org.tuf4j.benchmarks.PeerClient and ../python-tuf/cold_client.py.
//
//   node benchmarks/peers/tuf-js/cold-client.mjs METADATA_URL WORKDIR [TARGET]
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Updater } from 'tuf-js';

const [url, work, target] = process.argv.slice(2);
if (!url || !work || process.argv.length > 5) {
  console.error('usage: node cold-client.mjs METADATA_URL WORKDIR [TARGET]');
  process.exit(2);
}
const metadataDir = path.join(work, 'metadata');
const updater = new Updater({
  metadataDir,
  metadataBaseUrl: url.replace(/\/$/, ''),
  targetDir: path.join(work, 'targets'),
});
try {
  await updater.refresh();
  const out = { client: 'tuf-js' };
  if (target !== undefined) {
    const info = await updater.getTargetInfo(target);
    Object.assign(out, { lookup: target, found: info !== undefined, length: info ? info.length : -1 });
  } else {
    out.targets = Object.keys(
      JSON.parse(readFileSync(path.join(metadataDir, 'targets.json'), 'utf8')).signed.targets,
    ).length;
  }
  console.log(JSON.stringify(out));
} catch (e) {
  console.error(e);
  process.exit(1);
}
