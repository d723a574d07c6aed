"""External tools the browser tests need: skip without them on a workstation, fail without them in CI."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

# Pinned so every machine checks against the same rules.
VNU_VERSION = "26.9.27"


def running_in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def skip_or_fail(reason: str) -> None:
    if running_in_ci():
        pytest.fail(f"{reason} (CI=true: these tests may not be skipped)", pytrace=False)
    pytest.skip(reason)


def vnu_cache() -> Path:
    """Outside the repository, so nothing needs ignoring and every checkout shares one copy."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "policy-history" / f"vnu-jar-{VNU_VERSION}"


def vnu_jar() -> Path:
    """The Nu HTML Checker's jar, installed from npm into the cache on first use."""
    jar = vnu_cache() / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
    if jar.is_file():
        return jar
    npm = shutil.which("npm")
    if npm is None:
        skip_or_fail("npm not found: it installs the Nu HTML Checker (apt-get install -y npm)")
    vnu_cache().parent.mkdir(parents=True, exist_ok=True)
    # Install beside the cache and rename into place, so two xdist workers never see half an install.
    staging = Path(tempfile.mkdtemp(prefix="vnu-", dir=vnu_cache().parent))
    # --ignore-scripts: the package's postinstall would download a JDK from GitHub; we use the system Java.
    result = subprocess.run([npm, "install", "--prefix", str(staging), "--no-save", "--no-audit", "--no-fund",
                             "--ignore-scripts", f"vnu-jar@{VNU_VERSION}"],
                            capture_output=True, text=True, check=False)
    if result.returncode:
        shutil.rmtree(staging, ignore_errors=True)
        pytest.fail(f"npm install vnu-jar@{VNU_VERSION} failed:\n{result.stderr[-2000:]}", pytrace=False)
    try:
        staging.rename(vnu_cache())
    except OSError:  # another worker got there first
        shutil.rmtree(staging, ignore_errors=True)
    return jar


def java() -> str:
    found = shutil.which("java")
    if found is None:
        skip_or_fail("java not found: the Nu HTML Checker needs it (apt-get install -y default-jre-headless)")
    return found
