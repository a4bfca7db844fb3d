"""Dependency audit: pip-audit over the installed environment (the app and its tools), against PyPI's advisories.

Exit 1 on any known vulnerability. pip-audit skips packages it cannot look up; when it could look up none
(no route to the advisory service), that is not a clean result: it fails in CI (CI=true) and warns locally.
AUDIT_OFFLINE_OK=1 accepts it in CI too (a machine without internet access), with the warning printed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

VENV = Path(__file__).resolve().parent.parent / ".venv" / "bin"


def main() -> int:
    result = subprocess.run(  # noqa: S603 - our own venv's pip-audit
        [str(VENV / "pip-audit"), "--format", "json", "--progress-spinner", "off"], capture_output=True, text=True
    )
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        print(result.stdout + result.stderr)
        return 1
    deps = report.get("dependencies", [])
    audited = [d for d in deps if "skip_reason" not in d]
    vulnerable = [d for d in audited if d.get("vulns")]
    for dep in vulnerable:
        for vuln in dep["vulns"]:
            fixes = ", ".join(vuln.get("fix_versions", [])) or "no fix yet"
            print(f"VULNERABLE {dep['name']} {dep['version']}: {vuln['id']} (fixed in {fixes})")
    print(
        f"pip-audit: {len(audited)} packages audited, {len(deps) - len(audited)} skipped, {len(vulnerable)} vulnerable"
    )
    if vulnerable:
        return 1
    if deps and not audited:
        print("pip-audit could not reach the advisory service: NOTHING was audited.")
        return 1 if os.environ.get("CI") and not os.environ.get("AUDIT_OFFLINE_OK") else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
