"""The GitHub workflows are valid (GitHub's own schema, vendored in check-jsonschema) and do what CI needs."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
CHECK_JSONSCHEMA = Path(sys.executable).with_name("check-jsonschema")


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_matches_the_schema(workflow):
    command = str(CHECK_JSONSCHEMA) if CHECK_JSONSCHEMA.exists() else shutil.which("check-jsonschema")
    assert command, "check-jsonschema is not installed"
    result = subprocess.run([command, "--builtin-schema", "vendor.github-workflows", str(workflow)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def load(name: str) -> dict:
    return yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text(encoding="utf-8"))


def steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def test_pull_requests_are_checked_and_redlined_with_full_history():
    workflow = load("pr.yml")
    assert "pull_request" in workflow[True]  # YAML 1.1 reads the key `on` as True
    all_steps = steps(workflow)
    checkout = next(s for s in all_steps if s.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0
    runs = "\n".join(s.get("run", "") for s in all_steps)
    assert "policy check --format github" in runs and "policy diff --format markdown" in runs
    script = next(s for s in all_steps if s.get("uses", "").startswith("actions/github-script"))
    assert "<!-- policy-redline -->" in script["with"]["script"]


def test_deploy_verifies_before_publishing():
    workflow = load("deploy.yml")
    triggers = workflow[True]
    assert {"push", "schedule", "workflow_dispatch"} <= set(triggers)
    all_steps = steps(workflow)
    runs = [s.get("run", "") for s in all_steps]
    verify = next(i for i, r in enumerate(runs) if "policy verify" in r)
    build = next(i for i, r in enumerate(runs) if "make site" in r)
    uses = [s.get("uses", "") for s in all_steps]
    upload = next(i for i, u in enumerate(uses) if u.startswith("actions/upload-pages-artifact"))
    # Verified after the build (its PDFs are compared with the published ones) and before the upload.
    assert build < verify < upload and "--allow-missing" in runs[verify] and "--site site" in runs[verify]
    assert any(u.startswith("actions/upload-pages-artifact") for u in uses)
    assert any(u.startswith("actions/deploy-pages") for u in uses)


def test_deploy_announces_after_the_deploy_from_the_manifest_saved_before_it():
    workflow = load("deploy.yml")
    build_runs = "\n".join(s.get("run", "") for s in workflow["jobs"]["build"]["steps"])
    assert "cp .records/policies.json notify-input/previous-policies.json" in build_runs
    notify = workflow["jobs"]["notify"]
    assert notify["needs"] == "deploy"
    runs = "\n".join(s.get("run", "") for s in notify["steps"])
    assert "policy notify --site notify-input/site --previous notify-input/previous-policies.json" in runs
    save = next(s for s in notify["steps"] if s.get("uses", "").startswith("actions/cache/save"))
    assert save["if"] == "always()"
