/** `npm run example -- <name> [args...]`: runs examples/<name>/main.ts's `main(args)`. */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [name, ...args] = process.argv.slice(2);
const available = readdirSync(import.meta.dirname, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
if (name === undefined || !available.includes(name)) {
  console.error(`usage: npm run example -- <name> [args]\nexamples: ${available.join(', ')}`);
  process.exit(2);
}
const file = join(import.meta.dirname, name, 'main.ts');
if (!existsSync(file)) {
  console.error(`example ${name} has no main.ts`);
  process.exit(2);
}
const mod = (await import(pathToFileURL(file).href)) as { main(args: string[]): Promise<void> };
await mod.main(args);
