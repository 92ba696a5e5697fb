#!/usr/bin/env python3
"""Read assets/schemas/ back and compare every type with what cfn-lint itself loads.

Usage (from the repository root, with the pinned cfn-lint installed):

    python3 tools/schema-bundle/check.py [--bundle assets/schemas]

This is the oracle side, so unlike generate.py it imports cfn-lint and asks its
`PROVIDER_SCHEMA_MANAGER` (the object cfn-lint's rules use) for each type's schema in
us-east-1 (or, for the types us-east-1 lacks, the first region that has them). Per type
it checks: `required`, `createOnlyProperties`, `conditionalCreateOnlyProperties`,
`readOnlyProperties`, `deprecatedProperties`, `requiredXor`/`requiredOr`/
`dependentRequired`/`dependentExcluded`, `lifecycle`, every `enum` (by JSON pointer),
the GetAtt attribute names (`get_type_getatts`) with the type cfn-lint's resolver gives
each, and the region mask against `get_resource_types(region)`; and that the bundle's
README.md names the cfn-lint version and schema date. Exit status 1 on any difference.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import zlib
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parent.parent.parent

# Top-level keys whose subtrees the bundle drops on purpose; enums inside them don't count.
DROPPED_TOP = {"handlers", "typeConfiguration", "propertyTransform", "resourceLink"}


def read_bundle(bundle: Path):
    meta, lines = {}, []
    for line in (bundle / "index.tsv").read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if line.startswith("#"):
            meta[cols[0][1:]] = cols[1:]
        else:
            lines.append(cols)
    return meta, lines, (bundle / "records.bin").read_bytes()


def enums(node, pointer="", top=True):
    """JSON pointer -> enum list for every schema node with an `enum`."""
    found = {}
    if isinstance(node, dict):
        for key, value in node.items():
            if top and key in DROPPED_TOP:
                continue
            here = f"{pointer}/{key.replace('~', '~0').replace('/', '~1')}"
            if key == "enum" and isinstance(value, list):
                found[pointer] = value
            else:
                found.update(enums(value, here, False))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found.update(enums(value, f"{pointer}/{i}", False))
    return found


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bundle", type=Path, default=REPO_DIR / "assets" / "schemas")
    args = parser.parse_args(argv)

    import cfnlint.version
    from cfnlint.schema.manager import PROVIDER_SCHEMA_MANAGER as psm

    meta, lines, blob = read_bundle(args.bundle)
    problems: list[str] = []

    def expect(what: str, got, want):
        if got != want:
            problems.append(f"{what}: bundle {got!r} != cfn-lint {want!r}"[:400])

    # The bundle's header against the installed cfn-lint.
    expect("#cfn_lint", meta["cfn_lint"][0], cfnlint.version.__version__)
    pkg_schemas = Path(cfnlint.__file__).parent / "data" / "schemas"
    expect("cfn-lint reads its bundled schemas", Path(psm._providers_dir).resolve(), (pkg_schemas / "providers").resolve())
    schema_date = json.loads((pkg_schemas / "version.json").read_text(encoding="utf-8"))["schema_date"]
    expect("#schema_date", meta["schema_date"][0], schema_date)
    name, size, n_chunks, digest = meta["records"]
    expect("records.bin size", len(blob), int(size))
    expect("records.bin sha256", hashlib.sha256(blob).hexdigest(), digest)
    expect("#lines", len(lines), int(meta["lines"][0]))
    regions = meta["regions"][0].split(" ")
    columns = meta["columns"]
    expect("#columns", columns, ["type", "chunk_offset", "chunk_length", "chunk_raw_length", "record_offset",
                                 "record_length", "regions", "kind", "lifecycle", "service", "words"])
    names = [cols[0] for cols in lines]
    expect("index sorted by type (bytes), one line per type", names, sorted(set(names)))
    expect("#types", len(names), int(meta["types"][0]))

    region_types = {r: set(psm.get_resource_types(r)) for r in regions}
    chunks: dict[int, bytes] = {}
    checked = attrs_checked = enums_checked = 0
    for cols in lines:
        type_name = cols[0]
        off, length, raw_length, rec_off, rec_len = map(int, cols[1:6])
        mask = int(cols[6], 16)
        if off not in chunks:
            chunks[off] = zlib.decompress(blob[off:off + length])
            expect(f"{type_name} chunk_raw_length", len(chunks[off]), raw_length)
        record = json.loads(chunks[off][rec_off:rec_off + rec_len])
        expect(f"{type_name} typeName", record.get("typeName"), type_name)

        want_mask = sum(1 << i for i, r in enumerate(regions) if type_name in region_types[r])
        expect(f"{type_name} regions", f"{mask:x}", f"{want_mask:x}")
        region = "us-east-1" if mask & (1 << regions.index("us-east-1")) else regions[(mask & -mask).bit_length() - 1]
        source = psm.get_resource_schema(region, type_name).schema

        for key in ("required", "createOnlyProperties", "conditionalCreateOnlyProperties",
                    "readOnlyProperties", "deprecatedProperties", "requiredXor", "requiredOr",
                    "dependentRequired", "dependentExcluded", "lifecycle", "primaryIdentifier"):
            expect(f"{type_name} {key}", record.get(key), source.get(key))
        lifecycle = source.get("lifecycle") or {}
        want_lc = (lifecycle.get("status") or "-") + (f"@{lifecycle['date']}" if lifecycle.get("date") else "")
        expect(f"{type_name} index lifecycle", cols[8], want_lc)

        got_enums, want_enums = enums(record), enums(source)
        expect(f"{type_name} enums", got_enums, want_enums)
        enums_checked += len(want_enums)

        getatts = psm.get_type_getatts(type_name, region)
        expect(f"{type_name} GetAtt names", sorted(record["attributes"]), sorted(getatts.data))
        resolver = psm.get_resource_schema(region, type_name).resolver
        for attr, pointer in getatts.data.items():
            entry = record["attributes"].get(attr, {})
            expect(f"{type_name} GetAtt {attr} pointer", entry.get("pointer"), pointer)
            want_type = resolver.resolve_cfn_pointer(pointer).get("type")
            expect(f"{type_name} GetAtt {attr} type", entry.get("type"), want_type)
            attrs_checked += 1
        checked += 1

    expect("chunks", len(chunks), int(n_chunks))
    readme = (args.bundle / "README.md").read_text(encoding="utf-8")
    expect("README.md names the cfn-lint version", f"cfn-lint {meta['cfn_lint'][0]}" in readme, True)
    expect("README.md names the schema date", meta["schema_date"][0] in readme, True)
    for problem in problems[:50]:
        print(problem)
    print(f"{checked} types, {attrs_checked} GetAtt attributes, {enums_checked} enums checked against"
          f" cfn-lint {cfnlint.version.__version__}: {len(problems)} differences")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
