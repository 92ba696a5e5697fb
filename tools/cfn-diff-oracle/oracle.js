#!/usr/bin/env node
// The outside oracle for `stackcanvas diff`: reads a JSON array of pairs
// [{"name": ..., "old": PATH, "new": PATH}, ...] (CloudFormation JSON templates; a missing or
// empty file is an empty template) on stdin and writes one JSON object on stdout:
// {"pairs": [{"name", "resources": {Id: impact}, "causes": {Id: [property...]}, "error"}]},
// impact one of add, remove, orphan, replace, may_replace, update (no change is left out).
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

function read(path) {
  if (!path || !fs.existsSync(path)) return {};
  const text = fs.readFileSync(path, 'utf8');
  return text.trim() === '' ? {} : JSON.parse(text);
}

const pairs = JSON.parse(fs.readFileSync(0, 'utf8'));
const out = [];
for (const pair of pairs) {
  try {
    const diff = fullDiff(read(pair.old), read(pair.new));
    const resources = {};
    const causes = {};
    diff.resources.forEachDifference((id, change) => {
      const impact = IMPACT[change.changeImpact];
      if (!impact) return;
      resources[id] = impact;
      if (impact === 'replace' || impact === 'may_replace') {
        causes[id] = Object.entries(change.propertyUpdates)
          .filter(([, d]) => d.changeImpact === ResourceImpact.WILL_REPLACE
            || d.changeImpact === ResourceImpact.MAY_REPLACE)
          .map(([k]) => k)
          .sort();
      }
    });
    out.push({ name: pair.name, resources, causes, error: null });
  } catch (e) {
    out.push({ name: pair.name, resources: {}, causes: {}, error: String(e && e.message || e) });
  }
}
process.stdout.write(JSON.stringify({ pairs: out }) + '\n');
