"""Load test of the reference deployment (deploy/local.sh) with wrk: election night on one machine.

    deploy/local.sh up          # or: make deploy-local
    .venv/bin/python bench/load.py [--duration 60] [--connections 500] [--uncached 0.2]
                                   [--think 0] [--skip-compare] [--skip-kill]

Three measurements, in one run, through nginx at http://localhost:8160:

1. The mix: `--connections` clients for `--duration` seconds; each request is, with probability
   `--uncached`, a search, a listing page or a profile with a random query string (the shared
   cache has never seen it: Django answers), and otherwise one of the cached pages (home,
   listing, statistics, profiles). Requests/s, errors, p50/p95/p99, and how nginx answered.
2. Cached page vs static file: the same clients on one cached page, then on a static file of
   exactly its size served by the same nginx; the ratio says how close the cache is to nginx's
   own ceiling. Run before the mix (printed after it), while the application is idle.
3. The app server dies: cached and uncached clients run side by side and gunicorn is killed
   (SIGKILL, master and workers) a third of the way in. Cached pages keep answering, from the
   cache and, once their s-maxage has passed, as STALE copies; uncached requests fail with 502.
   gunicorn is started again afterwards (`deploy/local.sh restart-app`).

Only the standard library and Debian's wrk; the figures go to stdout as Markdown tables.
"""

import argparse
import json
import os
import platform
import re
import resource
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
RUN = Path(os.environ.get("CONOCELES_RUN_DIR", "/tmp/conoceles-local"))  # noqa: S108
BASE = "http://localhost:8160"
WORDS = ["seguridad", "agua", "empleo", "salud", "educación", "transporte", "mujeres", "campo"]
# nginx answered from its copy (UPDATING, STALE: past s-maxage, refreshed in the background).
FROM_CACHE = {"HIT", "UPDATING", "STALE", "REVALIDATED"}
SEARCH_WORDS = [*WORDS, "desarrollo", "vivienda", "cultura", "jóvenes"]

LUA_COMMON = r"""
local counts = {}
local function pick(list) return list[math.random(#list)] end
function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
  thread:set("counts", {})
end
function init(args)
  math.randomseed(os.time() * 100 + id)
  counts = {}
end
function response(status, headers, body)
  local cache = headers["X-Cache-Status"] or "-"
  local key = status .. " " .. cache
  counts[key] = (counts[key] or 0) + 1
end
function done(summary, latency, requests)
  local merged = {}
  for _, thread in ipairs(threads) do
    local c = thread:get("counts")
    for k, v in pairs(c) do merged[k] = (merged[k] or 0) + v end
  end
  local parts = {}
  for k, v in pairs(merged) do table.insert(parts, string.format('"%s": %d', k, v)) end
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests": %d, "duration_us": %d, "bytes": %d, '
    .. '"connect": %d, "read": %d, "write": %d, "timeout": %d, "status": %d, '
    .. '"p50": %d, "p95": %d, "p99": %d, "max": %d, "answers": {%s}}\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.timeout, e.status,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max,
    table.concat(parts, ", ")))
end
"""
# `counts` must be a global for thread:get(); `threads` lives in the main state.
LUA_HEAD = "threads = {}\n"


def lua_list(items):
    return "{" + ", ".join(json.dumps(item, ensure_ascii=False) for item in items) + "}"


def think_script(think):
    """wrk's delay(): each client waits a random 0.5–1.5 × `think` seconds between requests, as
    a person reading a page does; 0 is wrk's closed loop (every client asks again at once)."""
    if not think:
        return ""
    low, high = int(think * 500), int(think * 1500)
    return f"function delay() return math.random({low}, {high}) end\n"


def mix_script(cached, profiles, pages, uncached_share, think=0):
    return (
        LUA_HEAD
        + LUA_COMMON.replace("local counts = {}", "counts = {}")
        + think_script(think)
        + f"""
local cached = {lua_list(cached)}
local profiles = {lua_list(profiles)}
local words = {lua_list([quote(word) for word in SEARCH_WORDS])}
local uncached_share = {uncached_share}
function request()
  if math.random() >= uncached_share then
    return wrk.format("GET", pick(cached))
  end
  local n = math.random(1000000000)
  local kind = math.random(3)
  local path
  if kind == 1 then
    path = "/buscar/?q=" .. pick(words) .. "&r=" .. n
  elseif kind == 2 then
    path = "/candidaturas/?pagina=" .. math.random({pages}) .. "&r=" .. n
  else
    path = pick(profiles) .. "?r=" .. n
  end
  return wrk.format("GET", path)
end
"""
    )


def fixed_script(paths):
    return (
        LUA_HEAD
        + LUA_COMMON.replace("local counts = {}", "counts = {}")
        + f"""
local paths = {lua_list(paths)}
function request() return wrk.format("GET", pick(paths)) end
"""
    )


def fetch(path):
    # BASE is a fixed http:// loopback address.
    request = urllib.request.Request(BASE + path, headers={"User-Agent": "load.py"})  # noqa: S310
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        return response.status, dict(response.headers), response.read()


def discover():
    """Profiles from the listing, the number of listing pages, the pages to serve cached."""
    _, _, body = fetch("/candidaturas/")
    html = body.decode()
    found = re.search(r"Página \d+ de ([\d,]+)", html)
    pages = int(found.group(1).replace(",", "")) if found else 1
    profiles = []
    for page in (1, max(2, pages // 2), pages):
        _, _, body = fetch(f"/candidaturas/?pagina={page}")
        profiles += re.findall(r'href="(/[^"?#]+/)"', body.decode())
    listing_links = {"/candidaturas/", "/buscar/", "/estadisticas/", "/mi-boleta/", "/"}
    profiles = [p for p in dict.fromkeys(profiles) if p.count("/") >= 4 and p not in listing_links]
    if len(profiles) < 10:
        sys.exit(f"Solo se encontraron {len(profiles)} perfiles en /candidaturas/: ¿hay datos?")
    cached = ["/", "/candidaturas/", "/estadisticas/", *profiles[:20]]
    return profiles, pages, cached


def warm(paths):
    """Fetch each cached page until nginx answers it from the cache."""
    for path in paths:
        for _ in range(3):
            status, headers, _ = fetch(path)
            if status == 200 and headers.get("X-Cache-Status") in FROM_CACHE:
                break
        else:
            sys.exit(f"{path} no queda en la caché de nginx (X-Cache-Status: {headers})")


def raise_file_limit():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 65536), hard))


def wrk(script, connections, duration, threads=2, url=BASE + "/"):
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script)
    try:
        output = subprocess.run(  # noqa: S603
            [  # noqa: S607 - Debian's wrk from PATH
                "wrk",
                f"-t{threads}",
                f"-c{connections}",
                f"-d{duration}s",
                "--timeout",
                "10s",
                "-s",
                handle.name,
                url,
            ],
            capture_output=True,
            text=True,
            check=True,
            preexec_fn=raise_file_limit,
        ).stdout
    finally:
        os.unlink(handle.name)
    line = next(line for line in output.splitlines() if line.startswith("RESULT "))
    result = json.loads(line.removeprefix("RESULT "))
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    result["errors"] = sum(result[k] for k in ("connect", "read", "write", "timeout", "status"))
    return result


def ms(us):
    return f"{us / 1000:,.1f}"


def row(name, result):
    answers = ", ".join(f"{k}: {v:,}" for k, v in sorted(result["answers"].items()))
    return (
        f"| {name} | {result['requests']:,} | {result['rps']:,.0f} | {result['errors']:,} | "
        f"{ms(result['p50'])} | {ms(result['p95'])} | {ms(result['p99'])} | {answers} |"
    )


HEADER = (
    "| Run | Requests | Req/s | Errors | p50 ms | p95 ms | p99 ms | Answers (status, X-Cache) |\n"
    "|---|---|---|---|---|---|---|---|"
)


def gunicorn_pids():
    master = int((RUN / "gunicorn.pid").read_text())
    children = subprocess.run(  # noqa: S603
        ["pgrep", "-P", str(master)],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    ).stdout.split()
    return [master, *map(int, children)]


def kill_app_mid_load(cached, profiles, pages, connections, duration):
    results = {}
    half = connections // 2

    def run(name, script):
        results[name] = wrk(script, half, duration, threads=1)

    runners = [
        threading.Thread(target=run, args=("cached", fixed_script(cached))),
        threading.Thread(target=run, args=("uncached", mix_script(cached, profiles, pages, 1.0))),
    ]
    for runner in runners:
        runner.start()
    time.sleep(duration / 3)
    pids = gunicorn_pids()
    for pid in pids:
        os.kill(pid, signal.SIGKILL)
    killed_at = time.monotonic()
    status_after = fetch_status("/salud/")
    for runner in runners:
        runner.join()
    after = time.monotonic() - killed_at
    print(f"\ngunicorn (pids {pids}) killed at {duration / 3:.0f} s; /salud/ then: {status_after}")
    print(f"The clients ran {after:.0f} s more with no application server.")
    subprocess.run([str(ROOT / "deploy" / "local.sh"), "restart-app"], check=True)  # noqa: S603
    return results


def fetch_status(path):
    try:
        return fetch(path)[0]
    except urllib.error.HTTPError as error:
        return error.code
    except OSError as error:
        return type(error).__name__


def machine():
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory = int(Path("/proc/meminfo").read_text().split()[1]) / 1024 / 1024
    load = os.getloadavg()[0]
    return f"{os.cpu_count()} vCPU {cpu}, {memory:.0f} GB, load {load:.1f} at start"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--connections", type=int, default=500)
    parser.add_argument("--uncached", type=float, default=0.2, help="share of uncached requests")
    parser.add_argument(
        "--think",
        type=float,
        default=0,
        help="mean seconds each client waits between requests in the mix (0: closed loop)",
    )
    parser.add_argument("--compare-duration", type=int, default=20)
    parser.add_argument("--kill-duration", type=int, default=45)
    parser.add_argument("--skip-compare", action="store_true")
    parser.add_argument("--skip-kill", action="store_true")
    args = parser.parse_args()

    try:
        fetch("/salud/")
    except OSError:
        sys.exit("El despliegue no responde en http://localhost:8160/: deploy/local.sh up")
    started = datetime.now(UTC)
    print(f"{started:%Y-%m-%d %H:%M} UTC, {machine()}")
    profiles, pages, cached = discover()
    warm(cached)
    print(f"{len(profiles)} perfiles, {pages} páginas de listado, {len(cached)} páginas en caché\n")

    # The comparison first, on an idle application: after a closed-loop mix, gunicorn keeps
    # working through the requests nginx has already given up on (504) for a while, and that
    # CPU would be charged to the cached page's run alone.
    compared = None
    if not args.skip_compare:
        page = "/candidaturas/"
        _, _, body = fetch(page)
        (RUN / "www").mkdir(parents=True, exist_ok=True)
        (RUN / "www" / "page.html").write_bytes(body)
        warm([page])
        cached_one = wrk(fixed_script([page]), args.connections, args.compare_duration)
        static_one = wrk(
            fixed_script(["/bench-static/page.html"]), args.connections, args.compare_duration
        )
        compared = (page, len(body), cached_one, static_one)
        warm(cached)

    mix = wrk(
        mix_script(cached, profiles, pages, args.uncached, args.think),
        args.connections,
        args.duration,
    )

    print(HEADER)
    title = f"mix, {args.uncached:.0%} uncached, {args.connections} clients, {args.duration} s"
    if args.think:
        title += f", {args.think:g} s between requests"
    print(row(title, mix))
    if compared:
        page, size, cached_one, static_one = compared
        print(row(f"cached `{page}` ({size / 1024:.1f} KB)", cached_one))
        print(row("static file, same size", static_one))
        print(f"\nCached page / static file: {cached_one['rps'] / static_one['rps']:.0%}")

    if not args.skip_kill:
        warm(cached)
        killed = kill_app_mid_load(cached, profiles, pages, args.connections, args.kill_duration)
        print()
        print(HEADER)
        at = args.kill_duration // 3
        print(row(f"cached pages, gunicorn killed at {at} s", killed["cached"]))
        print(row(f"uncached, gunicorn killed at {at} s", killed["uncached"]))


if __name__ == "__main__":
    main()
