#!/usr/bin/env node
// Where the oracle's property database (@aws-cdk/aws-service-spec, the `causesReplacement` of
// each top-level property) and the CloudFormation resource schemas that cfn-lint ships
// (`createOnlyProperties`, `conditionalCreateOnlyProperties`) disagree on what replaces.
//
//   node tools/cfn-diff-oracle/spec-vs-schemas.js SCHEMAS_DIR [--list]
//
// SCHEMAS_DIR is cfn-lint's `cfnlint/data/schemas` (with `providers/` and `resources/`), e.g.
//   "$(python3 -c 'import cfnlint,os;print(os.path.dirname(cfnlint.__file__))')/data/schemas"
// Prints counts per kind of disagreement and a few examples of each (all with --list).
'use strict';
const fs = require('fs');
const path = require('path');
const { loadAwsServiceSpecSync } = require('@aws-cdk/aws-service-spec');

const dir = process.argv[2];
const listAll = process.argv.includes('--list');
if (!dir || !fs.existsSync(path.join(dir, 'providers'))) {
  process.stderr.write('usage: spec-vs-schemas.js CFNLINT_SCHEMAS_DIR [--list]\n');
  process.exit(2);
}

// Type name -> schema file, over every region.
const types = {};
for (const f of fs.readdirSync(path.join(dir, 'providers'))) {
  if (f.endsWith('.json')) Object.assign(types, JSON.parse(fs.readFileSync(path.join(dir, 'providers', f))));
}
const topLevel = list => new Set((list || [])
  .map(p => p.split('/'))
  .filter(s => s.length === 3 && s[1] === 'properties')
  .map(s => s[2]));

const db = loadAwsServiceSpecSync();
const kinds = {};
let agree = 0;
const onlySchemas = [];
for (const [type, hash] of Object.entries(types).sort()) {
  const res = db.lookup('resource', 'cloudFormationType', 'equals', type)[0];
  if (!res) { onlySchemas.push(type); continue; }
  const schema = JSON.parse(fs.readFileSync(path.join(dir, 'resources', `${hash}.json`)));
  const createOnly = topLevel(schema.createOnlyProperties);
  const conditional = topLevel(schema.conditionalCreateOnlyProperties);
  for (const [prop, spec] of Object.entries(res.properties).sort()) {
    const cdk = spec.causesReplacement === 'yes' ? 'replace'
      : spec.causesReplacement === 'maybe' ? 'may_replace' : 'update';
    const cfn = createOnly.has(prop) ? 'create-only' : conditional.has(prop) ? 'conditional' : 'updatable';
    if ((cdk === 'replace' && cfn === 'create-only') || (cdk === 'update' && cfn === 'updatable')) {
      agree++;
      continue;
    }
    const kind = `schemas ${cfn}, cdk ${cdk}`;
    (kinds[kind] = kinds[kind] || []).push(`${type}.${prop}`);
  }
}
const onlyCdk = db.all('resource').map(r => r.cloudFormationType).filter(t => !types[t]).sort();

const show = list => (listAll ? list : list.slice(0, 5)).join(' ') + (!listAll && list.length > 5 ? ' ...' : '');
console.log(`properties that agree: ${agree}`);
for (const [kind, list] of Object.entries(kinds).sort()) {
  const sam = list.filter(p => p.startsWith('AWS::Serverless::')).length;
  console.log(`${kind}: ${list.length} (${sam} of them SAM)\n  ${show(list)}`);
}
console.log(`types only in the schemas (cdk: every change unjudged): ${onlySchemas.length}\n  ${show(onlySchemas)}`);
console.log(`types only in the cdk spec: ${onlyCdk.length}\n  ${show(onlyCdk)}`);
