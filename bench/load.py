"""The load a bench run puts on gunicorn: wrk for pages, a pool of Python
voters for vote POSTs, and starting and stopping the servers."""

import http.client
import os
import re
import signal
import statistics
import subprocess
import threading
import time
import urllib.parse

from bench.conf import DURATION, HOST, PORT, PYTHON, ROOT, THREADS, VOTERS, WORKERS

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk(path, seconds=DURATION, connections=16, script=None, port=PORT):
    cmd = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    cmd += ["-H", "Host: 127.0.0.1"]
    if script:
        cmd += ["-s", script]
    out = subprocess.run(
        [*cmd, f"http://{HOST}:{port}{path}"], capture_output=True, text=True, check=True
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    latency = {}
    for line in out.splitlines():
        match = re.match(r"\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", line)
        if match:
            latency[match.group(1)] = float(match.group(2)) * UNITS[match.group(3)]
    errors = 0
    match = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    if match:
        errors += int(match.group(1))
    match = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if match:
        errors += sum(int(x) for x in match.groups())
    return {"rps": rps, "p50": latency.get("50"), "p99": latency.get("99"), "errors": errors}


READER_SCRIPT = """
paths = {%s}
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
delay = function()
  return %d
end
"""


class Voter(threading.Thread):
    """One woman after another on fresh devices: load the ballot, choose 3, send."""

    def __init__(self, ballot_path, until, results):
        super().__init__(daemon=True)
        self.ballot_path, self.until, self.results = ballot_path, until, results

    def run(self):
        import random

        rng = random.Random()
        while time.monotonic() < self.until:
            try:
                conn = http.client.HTTPConnection(HOST, PORT, timeout=30)
                conn.request("GET", self.ballot_path, headers={"Host": HOST})
                page = conn.getresponse()
                html = page.read().decode()
                cookie = page.getheader("Set-Cookie", "").split(";")[0]
                fields = dict(
                    re.findall(r'name="(csrfmiddlewaretoken|form_token)" value="([^"]+)"', html)
                )
                options = re.findall(r'name="options" value="(\d+)"', html)
                body = urllib.parse.urlencode(
                    [*fields.items(), *(("options", o) for o in rng.sample(options, 3))]
                )
                start = time.perf_counter()
                conn.request(
                    "POST",
                    self.ballot_path,
                    body=body,
                    headers={
                        "Host": HOST,
                        "Cookie": cookie,
                        "Content-Type": "application/x-www-form-urlencoded",
                        "Referer": f"http://{HOST}:{PORT}{self.ballot_path}",
                    },
                )
                reply = conn.getresponse()
                reply.read()
                elapsed = (time.perf_counter() - start) * 1000
                ok = reply.status == 303 and "thanks" in (reply.getheader("Location") or "")
                self.results.append((ok, elapsed))
                conn.close()
            except Exception:  # noqa: BLE001 - counted as an error
                self.results.append((False, 0.0))


def vote_load(ballot_path, seconds):
    results = []
    until = time.monotonic() + seconds
    voters = [Voter(ballot_path, until, results) for _ in range(VOTERS)]
    for voter in voters:
        voter.start()
    for voter in voters:
        voter.join()
    times = sorted(t for ok, t in results if ok)
    errors = sum(1 for ok, _ in results if not ok)
    pct = statistics.quantiles(times, n=100) if len(times) > 2 else [0.0] * 99
    return {
        "rps": len(times) / seconds,
        "p50": pct[49],
        "p95": pct[94],
        "p99": pct[98],
        "errors": errors,
        "accepted": len(times),
    }


def wait_for_server(proc, port=PORT):
    for _ in range(100):
        if proc.poll() is not None:
            raise SystemExit("gunicorn exited during start-up")
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=2)
            conn.request("GET", "/bench/empty/", headers={"Host": HOST})
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not answer")


def start_server(env, port):
    server = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--bind", f"{HOST}:{port}",
         "--workers", str(WORKERS), "--threads", str(THREADS), "--access-logfile", "/dev/null",
         "--error-logfile", str(ROOT / "tmp" / f"bench-gunicorn-{port}.log"),
         "--max-requests", "0"],
        cwd=ROOT, env=env, start_new_session=True,
    )  # fmt: skip
    try:
        wait_for_server(server, port)
    except BaseException:
        stop_server(server)
        raise
    return server


def stop_server(server):
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=30)
