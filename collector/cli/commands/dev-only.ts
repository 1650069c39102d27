import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * `quickstart` and `demo` run the sample service in examples/ under an OpenTelemetry SDK — both
 * development-only (examples/ is not in the package, the SDK is a devDependency: the library
 * depends on @opentelemetry/api alone). From a clone they load the sources; from an installed
 * package they say where to run them instead of failing with a module error.
 */
export function loadExample<T>(command: string, relative: string): T {
  const base = path.join(__dirname, '..', '..', '..', relative);
  const found = ['.ts', '.js'].some((ext) => fs.existsSync(base + ext) || fs.existsSync(path.join(base, `index${ext}`)));
  if (!found) {
    throw new Error(
      `\`${command}\` is a development command: it runs the samples in examples/ with an OpenTelemetry SDK, which the installed package does not ship. ` +
        'Run it from a clone of the repository: `npm ci && npm start` (quickstart) or `node bin/grpc-audit.js demo`.',
    );
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(base) as T;
}
