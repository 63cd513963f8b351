// Writes the JSON schema of .async-pitfalls.json from the rules' metadata (run by `npm run build`).
import { writeFileSync } from 'node:fs';
import { configSchema } from '../server/src/config/schema';

writeFileSync('schemas/async-pitfalls.schema.json', `${JSON.stringify(configSchema(), null, 2)}\n`);
