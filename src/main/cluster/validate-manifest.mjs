// validates each document of a manifest against the Kubernetes OpenAPI schema shipped in kubernetes-models
import fs from 'fs';
import YAML from 'yaml';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { Job } from 'kubernetes-models/batch/v1/Job';
const kinds = { 'v1/PersistentVolumeClaim': PersistentVolumeClaim, 'batch/v1/Job': Job };
let bad = 0;
for (const doc of YAML.parseAllDocuments(fs.readFileSync(process.argv[2], 'utf8'))) {
  const o = doc.toJSON();
  const K = kinds[o.apiVersion + '/' + o.kind];
  if (!K) { console.log('unknown kind ' + o.apiVersion + '/' + o.kind); bad++; continue; }
  try { new K(o).validate(); console.log('valid: ' + o.kind + ' ' + o.metadata.name); }
  catch (e) { console.log('INVALID ' + o.kind + ': ' + e.message); bad++; }
}
process.exit(bad ? 1 : 0);
