#!/usr/bin/env python3
"""tuf4j beside python-tuf and tuf-js on the same files: the measuring part of run-peers.sh,
which builds, writes the repositories and installs tuf-js first (run that, not this).

Cold: one client process per first refresh, over loopback HTTP from one server for every client,
into an empty metadata directory holding only the trusted root: python-tuf's ngclient
(python-tuf/cold_client.py), tuf-js (tuf-js/cold-client.mjs), tuf4j (PeerClient on tuf-core's
class path). Wall-clock time from spawn to exit and the peak RSS (os.wait4's ru_maxrss) of each.
Warm: one process per client and size that calls the trusted set's update-targets step (length
and hashes against the snapshot, parse, signature threshold, version, expiry) again and again on
the same targets.json bytes: python-tuf/warm_targets.py against WarmParseVerify.

Runs are interleaved: run 1 does every case for every client, then run 2, and so on, and the
client order flips from one run to the next (A B, then B A) so that a machine whose load drifts
weighs on both alike. A ratio is the median over runs of the per-run ratio (peer / tuf4j, so
> 1 means tuf4j is faster); the times shown are medians over runs.

Configuration comes from the environment (run-peers.sh sets it); standard library only.
"""

import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time


def env(name, default=None):
    value = os.environ.get(name)
    return default if value is None or value == "" else value


def log(*args):
    print(*args, file=sys.stderr, flush=True)


class Harness:
    def __init__(self):
        self.repos = env("PEERS_REPOS")
        self.work = env("PEERS_WORK")
        self.here = os.path.dirname(os.path.abspath(__file__))
        self.runs = int(env("RUNS", "5"))
        self.warm_runs = int(env("WARM_RUNS", str(self.runs)))
        self.sizes = [int(n) for n in env("SIZES", "").split()]
        self.warm_sizes = [int(n) for n in env("WARM_SIZES", "").split()]
        self.tufjs_sizes = {int(n) for n in env("TUFJS_SIZES", "").split()}
        self.big = int(env("BIG", "0"))
        self.big_bits = int(env("BIG_BITS", "0"))
        self.big_target = env("BIG_TARGET", "")
        self.tufjs_big = env("TUFJS_BIG", "1") == "1"
        self.warm_seconds = float(env("WARM_SECONDS", "3"))
        self.measure_seconds = float(env("MEASURE_SECONDS", "2"))
        self.java = env("JAVA", "java")
        self.java_opts = env("TUF4J_JAVA_OPTS", "").split()
        # "documented": the cold tuf4j process starts as the README's "Starting fast in a
        # short-lived process" says an application should launch it (a class-data-sharing
        # archive from a training run, C1 only, the serial collector from an 8 MiB heap); "plain":
        # java -cp and nothing else.
        self.launch = env("TUF4J_LAUNCH", "documented")
        self.cds = None
        self.backend = env("TUF4J_BACKEND", "default")
        self.client_cp = env("TUF4J_CLIENT_CP")
        self.jar = env("BENCH_JAR")
        self.python = env("PYTHON", "/usr/bin/python3")
        self.pytuf = env("PYTUF_SRC")
        self.sslib = env("SSLIB_SRC")
        self.node = env("NODE", "node")
        self.tufjs = env("TUFJS", "1") == "1"
        self.records = []

    # Clients --------------------------------------------------------------------------------

    def clients(self):
        names = []
        if self.pytuf:
            names.append("python-tuf")
        names.append("tuf4j")
        if self.tufjs:
            names.append("tuf-js")
        return names

    def python_env(self):
        e = dict(os.environ)
        e["PYTHONPATH"] = self.pytuf + os.pathsep + self.sslib
        e.pop("PYTHONHOME", None)
        return e

    def cold_argv(self, client, url, work, target):
        extra = [target] if target else []
        if client == "python-tuf":
            return [self.python, os.path.join(self.here, "python-tuf", "cold_client.py"), url,
                    work] + extra, self.python_env()
        if client == "tuf-js":
            return [self.node, os.path.join(self.here, "tuf-js", "cold-client.mjs"), url,
                    work] + extra, None
        return [self.java] + self.launch_opts() + self.java_opts + ["-cp", self.client_cp,
                "org.tuf4j.benchmarks.PeerClient", "--backend", self.backend, url,
                work] + extra, None

    def launch_opts(self):
        if self.launch == "plain":
            return []
        opts = ["-XX:TieredStopAtLevel=1", "-XX:-UsePerfData", "-XX:+UseSerialGC", "-Xms8m",
                "-Xshare:auto", "-Xlog:cds=off", "-Xlog:cds+dynamic=off"]
        return opts + ([f"-XX:SharedArchiveFile={self.cds}"] if self.cds else [])

    def train(self, url):
        """The documented launch's archive: one cold run, not measured, with the classes it
        loaded archived at exit (a dynamic archive on the JDK's own)."""
        if self.launch == "plain":
            return
        cases = self.cold_cases()
        case = next((c for c in cases if c[2]), cases[0])  # the lookup loads the most classes
        archive = os.path.join(self.work, "tuf4j-client.jsa")
        if os.path.exists(archive):
            os.remove(archive)
        saved = self.java_opts
        self.java_opts = saved + [f"-XX:ArchiveClassesAtExit={archive}"]
        try:
            self.cold_once("tuf4j", case, url, -1)
        finally:
            self.java_opts = saved
        self.records.pop()  # the training run is not a measurement
        if not os.path.exists(archive):
            raise SystemExit("tuf4j: the training run wrote no class-data-sharing archive")
        self.cds = archive
        log(f"tuf4j: class-data-sharing archive {archive} from a training run ({case[0]})")

    def warm_argv(self, client, repo):
        if client == "python-tuf":
            # No JIT to wait for: up to a second of warm-up (caches, allocator), then at least
            # 3 timed calls.
            return [self.python, os.path.join(self.here, "python-tuf", "warm_targets.py"), repo,
                    str(min(self.warm_seconds, 1.0)), str(self.measure_seconds), "3"], \
                self.python_env()
        return [self.java] + self.java_opts + ["-cp", self.client_cp,
                "org.tuf4j.benchmarks.WarmParseVerify", "--backend", self.backend, repo,
                str(self.warm_seconds), str(self.measure_seconds), "5"], None

    # Processes ------------------------------------------------------------------------------

    def spawn(self, argv, child_env, label):
        """Runs argv to its end: (seconds, peak RSS in KiB, parsed JSON line of its output)."""
        out_path = os.path.join(self.work, "out.txt")
        err_path = os.path.join(self.work, "err.txt")
        with open(out_path, "wb") as out, open(err_path, "wb") as err:
            start = time.perf_counter()
            p = subprocess.Popen(argv, stdout=out, stderr=err, env=child_env)
            # wait4, not Popen.wait: it also returns the child's resource usage (peak RSS).
            _, status, usage = os.wait4(p.pid, 0)
            seconds = time.perf_counter() - start
            p.returncode = os.waitstatus_to_exitcode(status)
        with open(out_path) as f:
            lines = [line for line in f.read().splitlines() if line.startswith("{")]
        if p.returncode != 0 or not lines:
            with open(err_path) as f:
                tail = f.read()[-3000:]
            raise SystemExit(f"{label} failed (exit {p.returncode}): {' '.join(argv)}\n{tail}")
        return seconds, usage.ru_maxrss, json.loads(lines[-1])

    # Cases ----------------------------------------------------------------------------------

    def cold_cases(self):
        cases = [(f"{n}", str(n), None, n) for n in self.sizes]
        if self.big:
            cases.append((f"{self.big} bins lookup", f"{self.big}-bins-{self.big_bits}",
                          self.big_target, None))
        return cases

    def cold_clients_for(self, case):
        label, subdir, target, expected = case
        out = []
        for c in self.clients():
            if c == "tuf-js" and (expected is not None and expected not in self.tufjs_sizes
                                  or expected is None and not self.tufjs_big):
                continue
            out.append(c)
        return out

    def cold_once(self, client, case, url, run):
        label, subdir, target, expected = case
        work = os.path.join(self.work, f"cold-{client}")
        shutil.rmtree(work, ignore_errors=True)
        os.makedirs(os.path.join(work, "metadata"))
        os.makedirs(os.path.join(work, "targets"))
        # The trusted root, shipped with the client: copied before the clock starts.
        shutil.copyfile(os.path.join(self.repos, subdir, "metadata", "1.root.json"),
                        os.path.join(work, "metadata", "root.json"))
        argv, child_env = self.cold_argv(client, f"{url}{subdir}/metadata/", work, target)
        seconds, rss, result = self.spawn(argv, child_env, f"{client} cold {label}")
        # Outside the clock: each client must have loaded every entry, or found the target.
        if expected is not None and result.get("targets") != expected:
            raise SystemExit(f"{client} cold {label}: loaded {result.get('targets')} targets")
        if expected is None and not result.get("found"):
            raise SystemExit(f"{client} cold {label}: did not find {target}")
        shutil.rmtree(work, ignore_errors=True)
        self.records.append({"kind": "cold", "case": label, "client": client, "run": run,
                             "seconds": round(seconds, 4), "maxRssKiB": rss, "load1": os.getloadavg()[0],
                             "result": result})
        log(f"  cold {label:>18} {client:<10} {seconds:8.3f} s {rss / 1024:8.1f} MiB")

    def warm_once(self, client, n, run):
        argv, child_env = self.warm_argv(client, os.path.join(self.repos, str(n)))
        seconds, rss, result = self.spawn(argv, child_env, f"{client} warm {n}")
        if result.get("targets") != n:
            raise SystemExit(f"{client} warm {n}: {result.get('targets')} targets")
        median = statistics.median(result["samplesMs"])
        self.records.append({"kind": "warm", "case": str(n), "client": client, "run": run,
                             "medianMs": median, "calls": len(result["samplesMs"]),
                             "processSeconds": round(seconds, 3), "maxRssKiB": rss,
                             "load1": os.getloadavg()[0],
                             "result": result})
        log(f"  warm {n:>18} {client:<10} {median:10.2f} ms/call "
            f"({len(result['samplesMs'])} calls)")

    # Reporting ------------------------------------------------------------------------------

    def medians(self, kind, case, client, key):
        values = [r[key] for r in self.records
                  if r["kind"] == kind and r["case"] == case and r["client"] == client]
        return statistics.median(values) if values else None

    def paired_ratio(self, kind, case, peer, base, key):
        """Median over runs of peer/base, each run's two processes paired."""
        by_run = {}
        for r in self.records:
            if r["kind"] == kind and r["case"] == case and r["client"] in (peer, base):
                by_run.setdefault(r["run"], {})[r["client"]] = r[key]
        ratios = [v[peer] / v[base] for v in by_run.values() if peer in v and base in v]
        return (statistics.median(ratios), len(ratios)) if ratios else (None, 0)

    def table(self):
        lines = []
        fmt = lambda v, spec: "-" if v is None else format(v, spec)
        cases = [c[0] for c in self.cold_cases()]
        lines.append(f"Cold process: first refresh over loopback HTTP into an empty metadata"
                     f" directory, one process each; median of {self.runs} interleaved runs."
                     f" Ratio = peer / tuf4j, median of the per-run ratios (> 1: tuf4j faster).")
        head = ["targets", "python-tuf s", "tuf4j s", "tuf-js s", "python/tuf4j",
                "tuf-js/tuf4j"]
        rows = []
        for case in cases:
            py = self.medians("cold", case, "python-tuf", "seconds")
            t4 = self.medians("cold", case, "tuf4j", "seconds")
            js = self.medians("cold", case, "tuf-js", "seconds")
            rp, _ = self.paired_ratio("cold", case, "python-tuf", "tuf4j", "seconds")
            rj, _ = self.paired_ratio("cold", case, "tuf-js", "tuf4j", "seconds")
            rows.append([case, fmt(py, ".3f"), fmt(t4, ".3f"), fmt(js, ".3f"),
                         fmt(rp, ".2f"), fmt(rj, ".2f")])
        lines += self.render(head, rows)
        lines.append("")
        lines.append("Peak RSS of the cold process (MiB, median over runs); goal: tuf4j below"
                     " python-tuf at 100k, within 1.5x of it at 1k.")
        head = ["targets", "python-tuf", "tuf4j", "tuf-js", "tuf4j/python"]
        rows = []
        for case in cases:
            py = self.medians("cold", case, "python-tuf", "maxRssKiB")
            t4 = self.medians("cold", case, "tuf4j", "maxRssKiB")
            js = self.medians("cold", case, "tuf-js", "maxRssKiB")
            r, _ = self.paired_ratio("cold", case, "tuf4j", "python-tuf", "maxRssKiB")
            mib = lambda v: None if v is None else v / 1024
            rows.append([case, fmt(mib(py), ".0f"), fmt(mib(t4), ".0f"), fmt(mib(js), ".0f"),
                         fmt(r, ".2f")])
        lines += self.render(head, rows)
        if self.warm_sizes:
            lines.append("")
            lines.append(f"Warm parse + verify of targets.json (update-targets step of the"
                         f" trusted set, in process; ms per call, median of each process's"
                         f" calls, median of {self.warm_runs} interleaved process pairs); goal:"
                         f" python-tuf / tuf4j >= 20.")
            head = ["targets", "python-tuf ms", "tuf4j ms", "python/tuf4j", "tuf4j us/entry"]
            rows = []
            for n in self.warm_sizes:
                py = self.medians("warm", str(n), "python-tuf", "medianMs")
                t4 = self.medians("warm", str(n), "tuf4j", "medianMs")
                r, _ = self.paired_ratio("warm", str(n), "python-tuf", "tuf4j", "medianMs")
                rows.append([str(n), fmt(py, ".2f"), fmt(t4, ".2f"), fmt(r, ".1f"),
                             fmt(None if t4 is None else t4 * 1000 / n, ".2f")])
            lines += self.render(head, rows)
        return lines

    @staticmethod
    def render(head, rows):
        widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h)
                  for i, h in enumerate(head)]
        line = lambda cells: "  ".join(c.rjust(w) for c, w in zip(cells, widths))
        return [line(head)] + [line(r) for r in rows]

    # Main -----------------------------------------------------------------------------------

    def machine(self):
        def version(argv):
            try:
                return subprocess.run(argv, capture_output=True, text=True,
                                      timeout=60).stdout.strip() or None
            except OSError:
                return None

        java_version = subprocess.run([self.java, "-version"], capture_output=True,
                                      text=True).stderr.splitlines()[0]
        tufjs_pkg = os.path.join(self.here, "tuf-js", "node_modules", "tuf-js", "package.json")
        pytuf_version = None
        if self.pytuf:
            pytuf_version = subprocess.run(
                [self.python, "-c", "import tuf; print(tuf.__version__)"], capture_output=True,
                text=True, env=self.python_env()).stdout.strip()
        crypto = {}
        if self.pytuf:
            crypto["python-tuf"] = "securesystemslib -> pyca/cryptography " + subprocess.run(
                [self.python, "-c", "import cryptography; from cryptography.hazmat.backends."
                 "openssl import backend as b; print(cryptography.__version__,"
                 " b.openssl_version_text())"], capture_output=True, text=True,
                env=self.python_env()).stdout.strip()
        if self.tufjs:
            crypto["tuf-js"] = "node:crypto, OpenSSL " + (version(
                [self.node, "-p", "process.versions.openssl"]) or "?")
        return {
            "crypto": crypto,
            "cores": os.cpu_count(),
            "platform": platform.platform(),
            "loadavg": open("/proc/loadavg").read().split()[:3],
            "java": java_version,
            "node": version([self.node, "--version"]) if self.tufjs else None,
            "python": version([self.python, "--version"]) if self.pytuf else None,
            "pythonTuf": pytuf_version,
            "tufJs": json.load(open(tufjs_pkg))["version"] if self.tufjs
            and os.path.exists(tufjs_pkg) else None,
        }

    def run(self):
        os.makedirs(self.work, exist_ok=True)
        if not self.pytuf:
            log("python-tuf: PYTUF_SRC is not set or not a directory; python-tuf is skipped"
                " and no python ratios are printed")
        started = time.time()
        before = self.machine()
        server = subprocess.Popen([self.java, "-cp", self.jar,
                                   "org.tuf4j.benchmarks.ServeDirectory", self.repos],
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        try:
            url = server.stdout.readline().strip()
            if not url.startswith("http://"):
                raise SystemExit("the loopback server did not start")
            log(f"serving {self.repos} at {url} (tuf4j's LoopbackServer), for every client")
            self.train(url)
            for run in range(self.runs):
                log(f"cold run {run + 1}/{self.runs}")
                for case in self.cold_cases():
                    clients = self.cold_clients_for(case)
                    for client in clients if run % 2 == 0 else reversed(clients):
                        self.cold_once(client, case, url, run)
        finally:
            server.stdin.close()
            server.wait(timeout=30)
        warm_clients = [c for c in self.clients() if c != "tuf-js"]
        for run in range(self.warm_runs if self.warm_sizes else 0):
            log(f"warm run {run + 1}/{self.warm_runs}")
            for n in self.warm_sizes:
                for client in warm_clients if run % 2 == 0 else reversed(warm_clients):
                    self.warm_once(client, n, run)
        after = open("/proc/loadavg").read().split()[:3]
        lines = self.table()
        tuf4j = next((r["result"] for r in self.records
                      if r["client"] == "tuf4j" and r["result"].get("verifier")), {})
        before["crypto"]["tuf4j"] = (f"backend {tuf4j.get('backend')}; {tuf4j.get('scheme')}"
                                     f" verified by {tuf4j.get('verifier')}")
        lines += ["", "What verified the signatures:"]
        lines += [f"  {k}: {v}" for k, v in before["crypto"].items()]
        lines += ["", f"Load average (1, 5, 15 min) before: {' '.join(before['loadavg'])},"
                  f" after: {' '.join(after)}, on {before['cores']} cores"]
        report = {
            "note": env("NOTE"),
            "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(started)),
            "minutes": round((time.time() - started) / 60, 1),
            "machine": before,
            "loadavgAfter": after,
            "repositories": self.repos,
            "server": "org.tuf4j.benchmarks.ServeDirectory (tuf-loopback LoopbackServer), one"
                      " for all clients",
            "runs": self.runs,
            "warmRuns": self.warm_runs,
            "tuf4jLaunch": self.launch,
            "tuf4jCommand": [self.java] + self.launch_opts() + self.java_opts + ["-cp",
                             "<tuf-core and its runtime"
                             " dependencies>", "org.tuf4j.benchmarks.PeerClient", "--backend",
                             self.backend],
            "bigTarget": self.big_target or None,
            "records": self.records,
            "table": lines,
        }
        return report


def main():
    h = Harness()
    report = h.run()
    prefix = env("RESULTS_PREFIX")
    text = "\n".join(report["table"]) + "\n"
    sys.stdout.write(text)
    if prefix:
        with open(prefix + ".json", "w") as f:
            json.dump(report, f, indent=1)
            f.write("\n")
        log(f"wrote {prefix}.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
