// Makes the compiled command executable (tsc keeps the shebang but not the mode bit).
import { chmodSync, cpSync } from 'node:fs';
chmodSync(new URL('../dist/cli/main.js', import.meta.url), 0o755);
// The explore page's static files (plain ES module, styles, HTML) go beside the compiled server.
cpSync(new URL('../src/explore/page/', import.meta.url), new URL('../dist/explore/page/', import.meta.url), { recursive: true });
