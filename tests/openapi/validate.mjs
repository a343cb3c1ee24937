// Checks /openapi.json: the document against the OpenAPI 3.1 schema, then every answer the API
// suite recorded (tests/api/harness.cpp, WOLFIX_API_RECORD) against it: the status must be
// documented for the route and the body must match its schema (objects may not carry
// properties the schema does not name); a request body the server accepted (2xx) must match
// the documented request schema. Usage: node validate.mjs openapi.json records.jsonl
import fs from 'node:fs';
import readline from 'node:readline';
import { Validator } from '@seriousme/openapi-schema-validator';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const [docFile, recordsFile] = process.argv.slice(2);
const doc = JSON.parse(fs.readFileSync(docFile, 'utf8'));
let failures = 0;
const fail = (msg) => {
  failures++;
  if (failures <= 200) console.error('FAIL ' + msg);
};

// 1. The document itself.
const structural = await new Validator().validate(doc);
if (!structural.valid) fail('the document is not valid OpenAPI 3.1: ' + JSON.stringify(structural.errors, null, 1));

// 2. Schemas: refs point into the document; objects that name their properties are closed
// unless they say otherwise (additionalProperties), so an undocumented field fails.
function closed(node, inAllOf = false) {
  if (Array.isArray(node)) return node.map((n) => closed(n, inAllOf));
  if (!node || typeof node !== 'object') return node;
  const out = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === 'properties' && v && typeof v === 'object') {
      out[k] = Object.fromEntries(Object.entries(v).map(([p, s]) => [p, closed(s)]));
    } else {
      out[k] = closed(v, k === 'allOf');
    }
  }
  if (out.properties && !inAllOf && !('additionalProperties' in out) && !('unevaluatedProperties' in out))
    out.unevaluatedProperties = false;
  if (typeof out.$ref === 'string' && out.$ref.startsWith('#/')) out.$ref = 'doc' + out.$ref;
  return out;
}
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema({ $id: 'doc', components: { schemas: closed(doc.components.schemas) } });
// Requests are checked open: the server binds names case-insensitively, as ASP.NET does, and
// ignores members it does not know.
function open(node) {
  if (Array.isArray(node)) return node.map(open);
  if (!node || typeof node !== 'object') return node;
  const out = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, open(v)]));
  if (typeof out.$ref === 'string' && out.$ref.startsWith('#/')) out.$ref = 'doc' + out.$ref;
  return out;
}
const compiled = new Map();
function validator(schema, isRequest) {
  const key = isRequest ? 'request' : 'response';
  if (!compiled.has(schema)) compiled.set(schema, {});
  const slot = compiled.get(schema);
  try {
    slot[key] ??= ajv.compile(isRequest ? open(schema) : closed(schema));
  } catch (e) {
    fail(`a schema does not compile: ${e.message}: ${JSON.stringify(schema).slice(0, 300)}`);
    slot[key] = () => true;
  }
  return slot[key];
}

// 3. Routes: a path matches the template with the most literal segments first, as the router does.
const ops = [];
for (const [path, item] of Object.entries(doc.paths))
  for (const [method, op] of Object.entries(item)) {
    const segs = path.split('/').filter(Boolean);
    const catchAll = op.parameters?.some((p) => p.in === 'path' && p['x-catch-all']);
    ops.push({ method: method.toUpperCase(), path, segs, op, catchAll, seen: new Set() });
  }
function score(segs) {
  return segs.reduce((s, g) => s * 3 + (g.startsWith('{') ? 1 : 2), 0);
}
ops.sort((a, b) => b.segs.length - a.segs.length || score(b.segs) - score(a.segs));
function findOp(method, rawPath) {
  const parts = rawPath.split('?')[0].split('/').filter(Boolean).map((p) => {
    try { return decodeURIComponent(p); } catch { return p; }
  });
  const want = method === 'HEAD' ? 'GET' : method;
  for (const o of ops) {
    if (o.method !== want) continue;
    const last = o.segs.length - 1;
    const rest = o.catchAll && last >= 0 && o.segs[last].startsWith('{');
    if (rest ? parts.length < o.segs.length - 1 : parts.length !== o.segs.length) continue;
    if (o.segs.every((g, i) => g.startsWith('{') || g === parts[i])) return o;
  }
  return null;
}

function check(schema, value, what, isRequest = false) {
  const v = validator(schema, isRequest);
  if (!v(value)) fail(`${what}: ${ajv.errorsText(v.errors, { dataVar: 'body' })}\n    body: ${JSON.stringify(value).slice(0, 400)}`);
}

let records = 0;
const rl = readline.createInterface({ input: fs.createReadStream(recordsFile) });
for await (const line of rl) {
  if (!line) continue;
  records++;
  const r = JSON.parse(line);
  const what = `${r.method} ${r.path.split('?')[0]} -> ${r.status}`;
  if (r.method === 'OPTIONS') continue; // CORS preflight, answered for any path
  const o = findOp(r.method, r.path);
  if (!o) {
    const code = r.body?.code;
    if ((r.status === 404 && code === 'route_not_found') || (r.status === 405 && code === 'method_not_allowed') ||
        (r.status === 413 && code === 'body_too_large'))
      continue;
    fail(`${what}: no documented route (code ${code})`);
    continue;
  }
  const where = `${what} [${o.method} ${o.path}]`;
  o.seen.add(r.status);
  const res = o.op.responses[String(r.status)] ?? o.op.responses[`${String(r.status)[0]}XX`] ?? o.op.responses.default;
  if (!res) {
    // The router's answers, for any path: a body over the limit; a route this server's
    // configuration left out (the document describes the routes a server has).
    if (r.status === 413 && r.body?.code === 'body_too_large') continue;
    if (r.status === 404 && r.body?.code === 'route_not_found') continue;
    // The database away (the introduction documents these for every operation).
    if (r.status === 503 && r.body?.code === 'database_unavailable') continue;
    if (r.status === 507 && r.body?.code === 'storage_full') continue;
    fail(`${where}: status ${r.status} is not documented (code ${r.body?.code ?? '-'})`);
    continue;
  }
  if (r.status === 404 && r.body?.code === 'route_not_found' && !JSON.stringify(res).includes('route_not_found')) continue;
  if (r.notJson) fail(`${where}: the body is not JSON although the type says so`);
  const json = res.content?.['application/json'];
  if (r.body !== undefined && !r.notJson) {
    if (!json) fail(`${where}: a JSON body where the document has ${Object.keys(res.content ?? {}).join(', ') || 'none'}`);
    else if (json.schema) check(json.schema, r.body, where);
  } else if (r.status !== 304 && r.method !== 'HEAD' && res.content) {
    const type = (r.contentType || '').split(';')[0].trim();
    const documented = Object.keys(res.content).some((t) =>
      t === type || t === '*/*' || (t.endsWith('/*') && type.startsWith(t.slice(0, -1))));
    if (!documented) fail(`${where}: ${type || 'no body'} where the document has ${Object.keys(res.content).join(', ')}`);
  }
  const reqSchema = o.op.requestBody?.content?.['application/json']?.schema;
  if (r.status < 300 && r.requestBody !== undefined && reqSchema) check(reqSchema, r.requestBody, `${where} request`, true);
}

const unseen = ops.filter((o) => o.seen.size === 0).map((o) => `${o.method} ${o.path}`);
console.log(`${records} recorded answers checked against ${ops.length} operations; ${unseen.length} operations had none recorded`);
if (process.env.VERBOSE) console.log(unseen.join('\n'));
if (failures) {
  console.error(`${failures} mismatches between the API's answers and /openapi.json`);
  process.exit(1);
}
console.log('every recorded answer matches /openapi.json');
