"""`make bench`, the web app's part: bytes on the wire for the first load (as the server sends
them, brotli, gzip and uncompressed), and Lighthouse 12 (performance and accessibility, mobile,
run offline against the served app) on the sign-in screen and on Today.

    python -m tests.perf.web [--no-lighthouse]

Lighthouse lives in tests/perf/lighthouse (its own package.json: 12.x runs on Node 20); it is
installed there with `npm ci` the first time. Needs Debian's chromium (/usr/bin/chromium).
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path

import httpx

from tests.server import running_server

DIST = Path(__file__).resolve().parents[2] / "frontend" / "dist"
LIGHTHOUSE = Path(__file__).resolve().parent / "lighthouse"
CHROMIUM = Path("/usr/bin/chromium")
CSRF = {"X-Heelstrong-CSRF": "1"}
ENCODINGS = {"brotli": "br, gzip, deflate", "gzip": "gzip, deflate", "none": "identity"}


def first_load_paths(client: httpx.Client) -> list[str]:
    """The shell and what it loads before anything else: its scripts and styles and their static imports."""
    html = client.get("/", headers={"Accept-Encoding": "identity"}).text
    paths = ["/"] + [f"/{p}" for p in re.findall(r'(?:src|href)="/?([\w./-]+\.(?:js|css))"', html)]
    queue = [p for p in paths if p.endswith(".js")]
    while queue:
        path = queue.pop()
        body = client.get(path, headers={"Accept-Encoding": "identity"}).text
        base = path.rsplit("/", 1)[0]
        for name in re.findall(r'(?:from|import)\s*"\./([\w./-]+\.js)"', body):
            found = f"{base}/{name}"
            if found not in paths:
                paths.append(found)
                queue.append(found)
    return paths


def wire_bytes(base: str) -> dict[str, dict[str, tuple[int, str]]]:
    """{encoding: {path: (bytes of the body on the wire, Content-Encoding)}} for the first load."""
    result = {}
    with httpx.Client(base_url=base) as client:
        paths = first_load_paths(client)
        for name, accept in ENCODINGS.items():
            sizes = {}
            for path in paths:
                with client.stream("GET", path, headers={"Accept-Encoding": accept}) as response:
                    body = b"".join(response.iter_raw())
                    sizes[path] = (len(body), response.headers.get("content-encoding", "-"))
            result[name] = sizes
    return result


def print_wire(sizes: dict[str, dict[str, tuple[int, str]]]) -> None:
    print("\nweb app first load, bytes on the wire (HTML + JS + CSS as the server sends them):")
    paths = list(sizes["none"])
    print(f"  {'file':<28}" + "".join(f"{name:>14}" for name in sizes))
    for path in paths:
        print(f"  {path:<28}" + "".join(f"{sizes[name][path][0]:>11,} {sizes[name][path][1]:<2}" for name in sizes))
    print(f"  {'total':<28}" + "".join(f"{sum(v[0] for v in sizes[name].values()):>14,}" for name in sizes))
    maps = [p for p in DIST.rglob("*.map")]
    print(f"  source maps built: {len(maps)}, served: none (404)")


def lighthouse_ready() -> Path | None:
    if not CHROMIUM.exists():
        print("Lighthouse skipped: /usr/bin/chromium is missing (apt-get install chromium)")
        return None
    binary = LIGHTHOUSE / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        install = (
            ["npm", "ci", "--no-audit", "--no-fund"]
            if (LIGHTHOUSE / "package-lock.json").exists()
            else ["npm", "install"]
        )
        if subprocess.run(install, cwd=LIGHTHOUSE, check=False).returncode != 0:
            print("Lighthouse skipped: npm could not install it")
            return None
    return binary


def lighthouse(binary: Path, url: str, cookie: str | None) -> dict[str, float]:
    """Performance and accessibility scores (0-1) of one page, mobile (Lighthouse's default)."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "lh.json"
        command = [
            str(binary),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={out}",
            "--only-categories=performance,accessibility",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-background-networking "
            "--disable-component-update --disable-sync --no-first-run",
        ]
        if cookie:
            command.append(f"--extra-headers={json.dumps({'Cookie': cookie})}")
        env = os.environ | {"CHROME_PATH": str(CHROMIUM)}
        run = subprocess.run(command, env=env, capture_output=True, text=True, timeout=240, check=False)
        if not out.exists():
            raise RuntimeError(f"lighthouse failed: {run.stderr[-500:]}")
        report = json.loads(out.read_text())
    scores = {name: category["score"] for name, category in report["categories"].items()}
    audits = report["audits"]
    scores["lcp_ms"] = audits["largest-contentful-paint"].get("numericValue", float("nan"))
    scores["transfer_bytes"] = audits["total-byte-weight"].get("numericValue", float("nan"))
    scores["problem"] = report.get("runtimeError", {}).get("message", "")
    for audit in ("first-contentful-paint", "total-blocking-time", "cumulative-layout-shift", "speed-index"):
        scores[audit] = audits[audit].get("displayValue", "?")
    failed = [
        a["id"]
        for a in audits.values()
        if a.get("score") is not None and a["score"] < 0.9 and a.get("scoreDisplayMode") == "binary"
    ]
    scores["failed"] = failed
    return scores


def signed_in_cookie(base: str) -> str:
    """A patient with a profile (Today needs one); the session cookie, as a Cookie header."""
    with httpx.Client(base_url=base, headers=CSRF) as client:
        account = {"email": f"bench-{uuid.uuid4().hex[:8]}@example.org", "password": "heel-strong-bench"}
        assert client.post("/api/auth/register", json=account).status_code == 202
        assert client.post("/api/auth/login", json=account).status_code == 200
        profile = {
            "painful_side": "left",
            "condition": "plantar_heel",
            "program_start": "2024-01-01",
            "timezone": "UTC",
        }
        assert client.put("/api/profile", json=profile).status_code == 200
        return "; ".join(f"{name}={value}" for name, value in client.cookies.items())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--no-lighthouse", action="store_true")
    args = parser.parse_args()
    if not (DIST / "index.html").exists():
        raise SystemExit("frontend/dist is not built: run `npm run build` in frontend/")
    with tempfile.TemporaryDirectory() as tmp:
        dist = Path(tmp) / "dist"
        shutil.copytree(DIST, dist)
        env = {"HEELSTRONG_FRONTEND_DIR": str(dist), "HEELSTRONG_REGISTRATIONS_PER_HOUR": "1000",
               "HEELSTRONG_SIGN_INS_PER_ADDRESS": "1000"}
        with running_server(f"sqlite:///{tmp}/web.db", env) as server:
            print_wire(wire_bytes(server.base))
            binary = None if args.no_lighthouse else lighthouse_ready()
            if binary is None:
                return
            cookie = signed_in_cookie(server.base)
            print("\nLighthouse 12 (mobile, simulated slow 4G; 0-1):")
            for name, url, session in [("sign-in", f"{server.base}/", None), ("Today", f"{server.base}/", cookie)]:
                s = None
                for _attempt in range(3):  # a trace is now and then not recorded (NO_NAVSTART): again
                    try:
                        s = lighthouse(binary, url, session)
                    except (RuntimeError, subprocess.TimeoutExpired) as error:
                        s = {"performance": None, "problem": str(error)}
                    if s["performance"] is not None:
                        break
                if s["performance"] is None:
                    print(f"  {name:<8} no score: {s['problem']}")
                    continue
                print(
                    f"  {name:<8} performance {s['performance']:.2f}  accessibility {s['accessibility']:.2f}"
                    f"  FCP {s['first-contentful-paint']}  LCP {s['lcp_ms'] / 1000:.1f} s  TBT {s['total-blocking-time']}"
                    f"  CLS {s['cumulative-layout-shift']}  transferred {s['transfer_bytes']:,.0f} bytes"
                    + (f"  failing: {', '.join(s['failed'])}" if s["failed"] else "")
                )


if __name__ == "__main__":
    main()
