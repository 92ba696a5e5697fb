#!/usr/bin/env node
// The outside oracle for `stackcanvas compare`: @aws-cdk/cloudformation-diff's `fullDiff`.
//
// stdin:  a JSON array of pairs [{"name": ..., "old": PATH, "new": PATH}, ...], each path a
//         CloudFormation JSON template; a missing path, a missing file or an empty file is the
//         empty template {}.
// stdout: one JSON object {"pairs": [{
//           "name":       the pair's name,
//           "resources":  {LogicalId: "add"|"remove"|"orphan"|"replace"|"may_replace"|"update"},
//           "causes":     {LogicalId: [Property, ...]} for each replace / may_replace: the
//                         properties that replace it ("Type" when the resource type changed),
//           "cascaded":   {LogicalId: [FromId, ...]} for a replacement that cdk found only by
//                         following a reference to a replaced resource (FromId),
//           "unjudged":   [LogicalId, ...] resources that differ but that cdk gives no impact
//                         (NO_CHANGE: a type or property missing from its spec),
//           "outputs", "parameters", "conditions", "mappings": {Id: "add"|"remove"|"update"},
//           "error":      null, or the message when this pair failed (the others still run)
//         }, ...]}
// Every map is written with sorted keys, so the output is stable.
'use strict';
const fs = require('fs');
const { fullDiff, ResourceImpact } = require('@aws-cdk/cloudformation-diff');

const IMPACT = {
  [ResourceImpact.WILL_CREATE]: 'add',
  [ResourceImpact.WILL_DESTROY]: 'remove',
  [ResourceImpact.WILL_ORPHAN]: 'orphan',
  [ResourceImpact.WILL_REPLACE]: 'replace',
  [ResourceImpact.MAY_REPLACE]: 'may_replace',
  [ResourceImpact.WILL_UPDATE]: 'update',
};
const REPLACING = new Set([ResourceImpact.WILL_REPLACE, ResourceImpact.MAY_REPLACE]);

function readTemplate(path) {
  if (!path || !fs.existsSync(path)) return {};
  const text = fs.readFileSync(path, 'utf8');
  return text.trim() === '' ? {} : JSON.parse(text);
}

function sorted(obj) {
  const out = {};
  for (const k of Object.keys(obj).sort()) out[k] = obj[k];
  return out;
}

// The cascade in lib/diff-template.js rewrites {"Ref": X} to "X (replaced)" and
// {"Fn::*": [X, ...]} to "X(replaced)" in a copy of the new template; a cascaded property
// diff carries those strings in its new value.
function replacedIds(value, into) {
  if (typeof value === 'string') {
    const m = /^(.*?) ?\(replaced\)$/.exec(value);
    if (m) into.add(m[1]);
  } else if (Array.isArray(value)) {
    value.forEach(v => replacedIds(v, into));
  } else if (value && typeof value === 'object') {
    Object.values(value).forEach(v => replacedIds(v, into));
  }
  return into;
}

function entityChanges(collection) {
  const out = {};
  for (const [id, d] of Object.entries(collection.changes)) {
    out[id] = d.isAddition ? 'add' : d.isRemoval ? 'remove' : 'update';
  }
  return sorted(out);
}

function diffPair(pair) {
  const diff = fullDiff(readTemplate(pair.old), readTemplate(pair.new));
  const resources = {};
  const causes = {};
  const cascaded = {};
  const unjudged = [];
  for (const [id, change] of Object.entries(diff.resources.changes)) {
    const impact = IMPACT[change.changeImpact];
    if (!impact) {
      unjudged.push(id);
      continue;
    }
    resources[id] = impact;
    if (!REPLACING.has(change.changeImpact)) continue;
    if (change.resourceTypeChanged) {
      causes[id] = ['Type'];
      continue;
    }
    const props = Object.entries(change.propertyUpdates)
      .filter(([, d]) => REPLACING.has(d.changeImpact));
    causes[id] = props.map(([k]) => k).sort();
    const from = new Set();
    for (const [, d] of props) replacedIds(d.newValue, from);
    if (from.size > 0) cascaded[id] = [...from].sort();
  }
  return {
    name: pair.name,
    resources: sorted(resources),
    causes: sorted(causes),
    cascaded: sorted(cascaded),
    unjudged: unjudged.sort(),
    outputs: entityChanges(diff.outputs),
    parameters: entityChanges(diff.parameters),
    conditions: entityChanges(diff.conditions),
    mappings: entityChanges(diff.mappings),
    error: null,
  };
}

function main() {
  let pairs;
  try {
    pairs = JSON.parse(fs.readFileSync(0, 'utf8'));
    if (!Array.isArray(pairs)) throw new Error('expected a JSON array of pairs');
  } catch (e) {
    process.stderr.write(`oracle.js: bad input on stdin: ${e.message}\n`);
    process.exit(2);
  }
  const out = pairs.map((pair, i) => {
    const name = pair && pair.name !== undefined ? pair.name : String(i);
    try {
      return diffPair({ ...pair, name });
    } catch (e) {
      return {
        name, resources: {}, causes: {}, cascaded: {}, unjudged: [],
        outputs: {}, parameters: {}, conditions: {}, mappings: {},
        error: String((e && e.message) || e),
      };
    }
  });
  process.stdout.write(JSON.stringify({ pairs: out }) + '\n');
}

main();
