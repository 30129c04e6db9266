// Validates Kubernetes objects (JSON files, one object each) with the
// kubernetes-models classes: the OpenAPI schema's types, formats and
// patterns (a quantity such as "64Mi", an int-or-string). Unknown fields
// are tsc's part (check.sh). Prints one line per invalid object and exits 1
// when there is one. Usage: node validate.mjs OBJECT.json...
import { readFileSync } from 'node:fs';

let invalid = 0;
for (const file of process.argv.slice(2)) {
  const object = JSON.parse(readFileSync(file, 'utf8'));
  const [group, version] = object.apiVersion.includes('/')
    ? object.apiVersion.split('/') : ['', object.apiVersion];
  const module = group === 'monitoring.coreos.com'
    ? `@kubernetes-models/prometheus-operator/${group}/${version}`
    : `kubernetes-models/${object.apiVersion}`;
  const models = await import(module);
  try {
    new models[object.kind](object).validate();
  } catch (error) {
    console.log(`${file}: ${object.kind} ${object.metadata.name}: ${error.message}`);
    invalid++;
  }
}
process.exitCode = invalid ? 1 : 0;
