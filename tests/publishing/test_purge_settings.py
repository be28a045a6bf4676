"""WAGTAILFRONTENDCACHE comes from the environment only; each case imports the settings afresh."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HTTP = "wagtail.contrib.frontend_cache.backends.HTTPBackend"
CLOUDFLARE = "wagtail.contrib.frontend_cache.backends.CloudflareBackend"


def frontend_cache(module, **env):
    environ = {k: v for k, v in os.environ.items() if not k.startswith("FRONTEND_CACHE_")}
    environ.update(SECRET_KEY="x" * 50, ALLOWED_HOSTS="conoceles.iec.org.mx", **env)
    code = (
        f"import json; from site_conoceles.settings import {module} as s; "
        "print(json.dumps(s.WAGTAILFRONTENDCACHE))"
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter, fixed code
        [sys.executable, "-c", code], cwd=ROOT, env=environ, capture_output=True, text=True
    )
    if result.returncode:
        raise RuntimeError(result.stderr.strip().splitlines()[-1])
    return json.loads(result.stdout)


def test_nothing_is_configured_without_the_environment():
    assert frontend_cache("base") == {}
    assert frontend_cache("production") == {}


def test_purge_urls_and_cloudflare_inner_caches_first():
    backends = frontend_cache(
        "base",
        FRONTEND_CACHE_PURGE_URL="http://127.0.0.1:6081, http://10.0.0.2:8080",
        FRONTEND_CACHE_CLOUDFLARE_TOKEN="token",
        FRONTEND_CACHE_CLOUDFLARE_ZONE_ID="zone",
    )
    assert backends == {
        "http-0": {"BACKEND": HTTP, "LOCATION": "http://127.0.0.1:6081"},
        "http-1": {"BACKEND": HTTP, "LOCATION": "http://10.0.0.2:8080"},
        "cloudflare": {"BACKEND": CLOUDFLARE, "BEARER_TOKEN": "token", "ZONEID": "zone"},
    }


def test_production_purges_only_the_allowed_hosts_unless_told_otherwise():
    env = {"FRONTEND_CACHE_PURGE_URL": "http://127.0.0.1:6081"}
    assert frontend_cache("production", **env)["http-0"]["HOSTNAMES"] == ["conoceles.iec.org.mx"]
    env["FRONTEND_CACHE_HOSTNAMES"] = "www.iec.org.mx"
    assert frontend_cache("production", **env)["http-0"]["HOSTNAMES"] == ["www.iec.org.mx"]


def test_half_a_cloudflare_configuration_refuses_to_start():
    with pytest.raises(RuntimeError, match="FRONTEND_CACHE_CLOUDFLARE_ZONE_ID"):
        frontend_cache("base", FRONTEND_CACHE_CLOUDFLARE_TOKEN="token")
