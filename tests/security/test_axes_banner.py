"""django-axes logs "AXES: BEGIN version …" at start-up unless told not to; no settings may."""

import os
import subprocess
import sys

from django.conf import settings

import pytest


@pytest.mark.parametrize("module", ["dev", "test", "production"])
def test_a_management_command_prints_no_axes_banner(module):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": f"site_conoceles.settings.{module}",
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "conoceles.example.org",
        "LOG_LEVEL": "INFO",
    }
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check"],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified" in output
    assert "AXES: BEGIN" not in output
