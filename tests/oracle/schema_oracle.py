#!/usr/bin/env python3
"""What cfn-lint 1.58.0 finds in templates, match by match, for the schema agreement test.

Usage:
    python3 tests/oracle/schema_oracle.py FILES.txt

FILES.txt has one template path a line (blank lines and lines starting with ``#`` are
skipped). Every file is linted in ONE Python process, with the same rule set and settings
as ``tests/oracle/cfn_oracle.py`` (default rules, region us-east-1, no .cfnlintrc), because
cfn-lint takes a second or two to start.

The script prints one JSON object per file (JSON Lines), in the order of the files:

    {"file": "...",
     "matches": [{"rule": "E3002", "path": ["Resources", "Q", "Properties", "X"],
                  "line": 7, "column": 7, "message": "..."}, ...],
     "calendar_rules": ["E2531", ...],
     "error": "message, or empty"}

"path" is the rule match's path in the template (keys and list indexes) as cfn-lint
reports it; a match without one (a whole-template rule) has an empty list. "line" and
"column" start at 1. "calendar_rules" are the rules whose verdict depends on the day the
linter runs (see cfn_oracle.py); callers leave them out. Matches of every severity are
printed, in cfn-lint's order.

Exit status: 0 whenever the script ran (a file that cannot be read shows in its "error");
2 on bad usage or when cfn-lint cannot be imported.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from cfn_oracle import Linter, calendar_rules  # noqa: E402


def matches_of(linter: Linter, path: str) -> tuple[list[dict], str]:
    """Every match cfn-lint finds in the file at path, or an error message."""
    try:
        with contextlib.redirect_stdout(sys.stderr):
            found = list(linter._run(path, linter._config, linter._rules, False))
    except Exception as exc:  # cfn-lint itself failed
        traceback.print_exc(file=sys.stderr)
        return [], f"cfn-lint crashed: {type(exc).__name__}: {exc}"
    out = []
    for m in found:
        raw_path = getattr(m, "path", None) or []
        out.append(
            {
                "rule": str(m.rule.id),
                "path": [p if isinstance(p, int) else str(p) for p in raw_path],
                "line": int(m.linenumber),
                "column": int(m.columnnumber),
                "message": str(m.message),
            }
        )
    return out, ""


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[1] in ("-h", "--help"):
        print(__doc__, file=sys.stderr)
        return 2
    try:
        with open(argv[1], encoding="utf-8") as fh:
            files = [
                line.rstrip("\r\n")
                for line in fh
                if line.strip() and not line.startswith("#")
            ]
    except (OSError, UnicodeDecodeError) as exc:
        print(f"schema_oracle: bad file list: {exc}", file=sys.stderr)
        return 2
    try:
        linter = Linter()
    except ImportError as exc:
        print(
            f"schema_oracle: cannot import cfn-lint ({exc}); pip install cfn-lint==1.58.0",
            file=sys.stderr,
        )
        return 2
    calendar = calendar_rules()
    for path in files:
        matches, error = matches_of(linter, path)
        line = {
            "file": path,
            "matches": matches,
            "calendar_rules": calendar,
            "error": error,
        }
        sys.stdout.write(json.dumps(line) + "\n")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
