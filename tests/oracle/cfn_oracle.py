#!/usr/bin/env python3
"""Outside oracle for Stack Canvas round-trip tests, built on cfn-lint 1.58.0.

Usage:
    python3 tests/oracle/cfn_oracle.py PAIRS.tsv

PAIRS.tsv has one pair per line: ``INPUT_PATH<TAB>OUTPUT_PATH``. Blank lines
and lines starting with ``#`` are skipped. Relative paths are taken relative
to the current directory.

The Rust integration tests import a template, export it again, write each
(original, exported) pair into a PAIRS.tsv and run this script once. All pairs
are handled in ONE Python process, because cfn-lint takes about a second to
start. The script prints one JSON object per pair (JSON Lines) to stdout, in
the order of the pairs:

    {"input": "...", "output": "...",
     "same": true|false,
     "diff": "first difference, e.g. 'Resources.Vpc.Properties.CidrBlock:
              input "10.0.0.0/16" != output "10.1.0.0/16"', or empty",
     "input_errors": ["E1017", ...],   # cfn-lint error rule ids, input file
     "output_errors": [...],           # the same for the output file
     "new_errors": [...],              # output_errors minus input_errors
     "calendar_rules": ["E2531", ...], # rules that judge against today's date
     "decode_error": "message or empty"}

"same": both files are decoded exactly as cfn-lint reads them
(``cfnlint.decode.decode``). That decoder tries YAML first, which also reads
most JSON, and falls back to its own JSON decoder. YAML short-form tags become
long form, e.g. ``!GetAtt A.B`` -> ``{"Fn::GetAtt": ["A", "B"]}``, so a YAML
file and its JSON twin decode equal. Both trees are then normalised to plain
JSON data:
  * cfn-lint's str_node/dict_node/list_node subclasses become str/dict/list;
  * dict keys become strings the way ``json.dumps`` writes them
    (True -> "true", None -> "null", 80 -> "80", 1.5 -> "1.5");
  * datetime.date/datetime values and keys become their ``isoformat()``
    string (an unquoted ``2010-09-09`` equals the JSON string "2010-09-09").
Then the trees are compared strictly: key order is ignored, but types are not
(int 1 != float 1.0, true != 1, "1" != 1). If a file can't be decoded,
cfn-lint returns no template at all (for example on duplicate keys, a null
key or a syntax error). In that case "decode_error" says which file failed and
why, and "same" is false. A path in "diff" joins keys with "." and shows list
indices as [i]. A key that contains . [ ] or " is shown as ["key"].

Quirks of cfn-lint's decoder, checked with 1.58.0:
  * ``!GetAtt A.B.C`` -> ["A", "B.C"], splitting only at the first dot. So it
    equals ``!GetAtt [A, B.C]`` but not ``[A, B, C]``.
  * An unknown tag ``!Foo x`` -> {"Fn::Foo": "x"}. ``!Ref``/``!Condition``
    keep their names. A bare ``!GetAZs`` -> {"Fn::GetAZs": ""}.
  * ``Fn::GetAZs: null`` stays None, which is not the same as "". cfn-lint
    then reports E1017/E1022/E3024.
  * ``1e3`` and ``1.0e3``, in YAML and in JSON alike, decode as the STRING
    "1e3" (YAML 1.1 floats need a dot and a signed exponent). ``1.0e+3``
    decodes as the float 1000.0. ``0x10`` -> 16, ``yes`` -> true.
  * An unquoted timestamp ``2010-09-09T10:00:00Z`` becomes
    "2010-09-09T10:00:00+00:00", which differs from the JSON string
    "...Z".

"input_errors"/"output_errors": the sorted, unique ids of error-severity
rules ("E...") that cfn-lint 1.58.0 reports with default settings and region
us-east-1. These are the same results as ``cfn-lint FILE`` (checked against
the corpus CFN_LINT_BASELINE.tsv). The linting runs in-process with the same
calls the cfn-lint CLI makes: one ``cfnlint.runner.Runner`` (rules load only
once), then ``cfnlint.runner.run_template_by_file_path`` for each file.
Parse failures appear as E0000. The results for each file are cached, so a
file that appears in several pairs is linted only once.

"calendar_rules": the ids of the rules whose verdict depends on the day the
linter runs, found by reading cfn-lint's own rule sources: every rule module
that calls ``datetime.today()``, ``datetime.now()``, ``date.today()`` or
``time.time()`` (in 1.58.0: E2531, E2533 and W2531, Lambda runtimes past their
deprecation dates). Comparing those against a baseline taken on another day
fails as dates pass, so callers leave them out of such comparisons; input and
output are linted in the same run, so "new_errors" keeps them.

Exit status: 0 whenever the script ran, even if pairs differ, files are
missing or files fail to decode. Each of those is reported in that pair's
JSON line. The status is 2 on bad usage: a wrong argument count, an
unreadable PAIRS file, a malformed line, or cfn-lint not importable.
"""

from __future__ import annotations

import contextlib
import datetime
import json
import math
import os
import pathlib
import re
import sys
import traceback
from typing import Any

REGION = "us-east-1"
EXPECTED_CFN_LINT = "1.58.0"
MAX_VALUE_CHARS = 80  # values quoted in "diff" are cut to this length

# Where a value or a dict key is missing, _compare passes this marker.
_MISSING = object()


# --------------------------------------------------------------------------
# Decoding and normalisation
# --------------------------------------------------------------------------


def _key_to_str(key: Any) -> str:
    """Convert a decoded dict key to a string, the way json.dumps does."""
    if isinstance(key, str):
        return str(key)
    if key is True:
        return "true"
    if key is False:
        return "false"
    if key is None:
        return "null"
    if isinstance(key, int):
        return int.__repr__(key)
    if isinstance(key, float):
        if math.isnan(key):
            return "NaN"
        if math.isinf(key):
            return "Infinity" if key > 0 else "-Infinity"
        return float.__repr__(key)
    if isinstance(key, (datetime.date, datetime.datetime)):
        return key.isoformat()
    raise TypeError(f"unsupported mapping key type {type(key).__name__}: {key!r}")


def normalise(value: Any) -> Any:
    """Turn a cfn-lint decoded tree into plain JSON-compatible Python data."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, str):
        return str(value)
    # datetime.datetime is a subclass of datetime.date
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, dict):
        # If two keys collide after conversion (80 and "80"), the last one
        # wins, as when json.dumps output is read back.
        return {_key_to_str(k): normalise(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [normalise(v) for v in value]
    raise TypeError(f"unsupported value type {type(value).__name__}: {value!r}")


def decode_file(path: str) -> tuple[Any, str]:
    """Decode path as cfn-lint does; return (plain data, "") or (None, error)."""
    from cfnlint.decode import decode

    try:
        template, matches = decode(path)
    except Exception as exc:  # cfn-lint normally turns failures into matches
        return None, f"{type(exc).__name__}: {exc}"
    if template is None:
        if matches:
            msgs = "; ".join(
                f"{m.rule.id} line {m.linenumber}: {m.message}" for m in matches
            )
            return None, msgs
        return None, "cfn-lint decoder returned no template"
    try:
        return normalise(template), ""
    except TypeError as exc:
        return None, str(exc)


# --------------------------------------------------------------------------
# Comparison
# --------------------------------------------------------------------------


def _join(path: str, key: str) -> str:
    if key and all(c not in key for c in '.[]"'):
        return f"{path}.{key}" if path else key
    return f"{path}[{json.dumps(key)}]"


def _show(value: Any) -> str:
    if value is _MISSING:
        return "<missing>"
    text = json.dumps(value, ensure_ascii=False, allow_nan=True)
    if len(text) > MAX_VALUE_CHARS:
        text = text[: MAX_VALUE_CHARS - 3] + "..."
    return text


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    if isinstance(value, str):
        return "string"
    if isinstance(value, dict):
        return "object"
    if isinstance(value, list):
        return "array"
    return type(value).__name__


def _compare(a: Any, b: Any, path: str) -> str | None:
    """Return a description of the first difference between a and b, or None.

    Dict keys are visited in input order, then the keys only in the output.
    """
    where = path or "<root>"
    if a is _MISSING or b is _MISSING:
        side = "output" if b is _MISSING else "input"
        present = a if b is _MISSING else b
        other = "input" if b is _MISSING else "output"
        return f"{where}: missing in {side} ({other} has {_show(present)})"
    ka, kb = _kind(a), _kind(b)
    if ka != kb:
        shown_a = _show(a) if a is None else f"{ka} {_show(a)}"
        shown_b = _show(b) if b is None else f"{kb} {_show(b)}"
        return f"{where}: input {shown_a} != output {shown_b}"
    if ka == "object":
        for key, va in a.items():
            diff = _compare(va, b.get(key, _MISSING), _join(path, key))
            if diff:
                return diff
        for key, vb in b.items():
            if key not in a:
                return _compare(_MISSING, vb, _join(path, key))
        return None
    if ka == "array":
        for i in range(max(len(a), len(b))):
            va = a[i] if i < len(a) else _MISSING
            vb = b[i] if i < len(b) else _MISSING
            diff = _compare(va, vb, f"{path}[{i}]")
            if diff:
                return diff
        return None
    if ka == "float" and math.isnan(a) and math.isnan(b):
        return None
    if a != b:
        return f"{where}: input {_show(a)} != output {_show(b)}"
    return None


def first_difference(a: Any, b: Any) -> str:
    """Return "" if a equals b, otherwise the first difference."""
    return _compare(a, b, "") or ""


# --------------------------------------------------------------------------
# Linting
# --------------------------------------------------------------------------


class Linter:
    """Runs cfn-lint in-process, loading the rules only once."""

    def __init__(self) -> None:
        from cfnlint.config import ConfigMixIn
        from cfnlint.runner import Runner, run_template_by_file_path
        from cfnlint.version import __version__

        if __version__ != EXPECTED_CFN_LINT:
            print(
                f"cfn_oracle: warning: cfn-lint {__version__} is installed; the"
                f" corpus baseline was made with {EXPECTED_CFN_LINT}",
                file=sys.stderr,
            )

        # The cfn-lint CLI uses AWS_REGION, then AWS_DEFAULT_REGION, then
        # us-east-1. Pin this process to us-east-1; a template's own
        # Metadata cfn-lint config can still override it, as in the CLI.
        os.environ["AWS_REGION"] = REGION
        os.environ["AWS_DEFAULT_REGION"] = REGION
        config = ConfigMixIn([])
        # Ignore any ~/.cfnlintrc or ./.cfnlintrc, so results are the same
        # on every machine.
        config.file_args = {}
        self._config = config
        self._rules = Runner(config).rules
        self._run = run_template_by_file_path
        self._cache: dict[str, tuple[list[str], str]] = {}

    def errors(self, path: str) -> tuple[list[str], str]:
        """Return (sorted unique E rule ids, "" or a lint crash message)."""
        key = os.path.abspath(path)
        if key not in self._cache:
            try:
                # A rule must never write to our JSON Lines stdout.
                with contextlib.redirect_stdout(sys.stderr):
                    matches = list(self._run(path, self._config, self._rules, False))
                ids = sorted(
                    {m.rule.id for m in matches if str(m.rule.id).startswith("E")}
                )
                self._cache[key] = (ids, "")
            except Exception as exc:  # cfn-lint itself failed
                traceback.print_exc(file=sys.stderr)
                self._cache[key] = ([], f"cfn-lint crashed: {type(exc).__name__}: {exc}")
        return self._cache[key]


_CLOCK_CALL = re.compile(r"\b(?:datetime|date)\.(?:today|now|utcnow)\(|\btime\.time\(")
_RULE_ID = re.compile(r'^\s*id\s*=\s*"([EWI]\d{4})"', re.M)


def calendar_rules() -> list[str]:
    """The ids of cfn-lint rules whose source reads the clock, sorted."""
    import cfnlint.rules

    found = set()
    for path in pathlib.Path(cfnlint.rules.__file__).parent.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if _CLOCK_CALL.search(text):
            # The base class times every rule with datetime.now(); it has no id of its own.
            found.update(_RULE_ID.findall(text))
    return sorted(found)


# --------------------------------------------------------------------------
# Driver
# --------------------------------------------------------------------------


def check_pair(
    linter: Linter, decoded: dict, inp: str, out: str, calendar: list[str]
) -> dict:
    def decoded_file(path: str) -> tuple[Any, str]:
        key = os.path.abspath(path)
        if key not in decoded:
            decoded[key] = decode_file(path)
        return decoded[key]

    in_data, in_err = decoded_file(inp)
    out_data, out_err = decoded_file(out)
    in_ids, in_lint_err = linter.errors(inp)
    out_ids, out_lint_err = linter.errors(out)

    problems = []
    if in_err:
        problems.append(f"input: {in_err}")
    if out_err:
        problems.append(f"output: {out_err}")
    if in_err or out_err:
        same = False
        failed = " and ".join(
            side for side, err in (("input", in_err), ("output", out_err)) if err
        )
        diff = f"not compared: {failed} could not be decoded"
    else:
        diff = first_difference(in_data, out_data)
        same = diff == ""
    # Should not happen. If cfn-lint crashes, report it here.
    if in_lint_err:
        problems.append(f"input: {in_lint_err}")
    if out_lint_err:
        problems.append(f"output: {out_lint_err}")

    return {
        "input": inp,
        "output": out,
        "same": same,
        "diff": diff,
        "input_errors": in_ids,
        "output_errors": out_ids,
        "new_errors": sorted(set(out_ids) - set(in_ids)),
        "calendar_rules": calendar,
        "decode_error": " | ".join(problems),
    }


def read_pairs(pairs_path: str) -> list[tuple[str, str]]:
    pairs = []
    with open(pairs_path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            line = line.rstrip("\r\n")
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) != 2 or not parts[0] or not parts[1]:
                raise ValueError(
                    f"{pairs_path}:{lineno}: expected INPUT_PATH<TAB>OUTPUT_PATH,"
                    f" got {line!r}"
                )
            pairs.append((parts[0], parts[1]))
    return pairs


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[1] in ("-h", "--help"):
        print(__doc__, file=sys.stderr)
        print("usage: cfn_oracle.py PAIRS.tsv", file=sys.stderr)
        return 2
    try:
        pairs = read_pairs(argv[1])
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        print(f"cfn_oracle: bad pairs file: {exc}", file=sys.stderr)
        return 2
    try:
        linter = Linter()
    except ImportError as exc:
        print(
            f"cfn_oracle: cannot import cfn-lint ({exc}); "
            "pip install cfn-lint==1.58.0",
            file=sys.stderr,
        )
        return 2

    decoded: dict = {}
    calendar = calendar_rules()
    for inp, out in pairs:
        try:
            result = check_pair(linter, decoded, inp, out, calendar)
        except Exception as exc:  # a bug in this script: report it, go on
            traceback.print_exc(file=sys.stderr)
            result = {
                "input": inp,
                "output": out,
                "same": False,
                "diff": "",
                "input_errors": [],
                "output_errors": [],
                "new_errors": [],
                "calendar_rules": calendar,
                "decode_error": f"oracle internal error: {type(exc).__name__}: {exc}",
            }
        sys.stdout.write(json.dumps(result) + "\n")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
