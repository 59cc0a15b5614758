// Bundles the extension into dist/. `--production` minifies and drops source maps (for the VSIX);
// `--outdir <dir>` writes elsewhere (the packaging in the tests builds beside the working tree's dist/).
// undici goes into its own file, dist/undici.js, required only on the first request: it is most of
// the code, so loading and activating the extension stays cheap. dist/summaryWorker.js is the thread
// that decodes large lists of users (see src/workfront/summaryDecoder.ts). dist/pac.js (with
// dist/quickjs.wasm beside it) evaluates proxy auto-config files, required only when the OS names one
// (src/workfront/pac.ts).
const fs = require('fs');
const path = require('path');
const { parseArgs } = require('util');
const esbuild = require('esbuild');

/** Sends `import 'undici'` from the extension's code to the separate ./undici.js at run time. */
const undiciApart = {
  name: 'undici-apart',
  setup(build) {
    build.onResolve({ filter: /^undici$/ }, (args) =>
      args.importer.endsWith(`${path.sep}undici.ts`) ? undefined : { path: './undici.js', external: true },
    );
  },
};

/** Sends `require('../pacEngine')` from the extension's code to the separate ./pac.js at run time. */
const pacApart = {
  name: 'pac-apart',
  setup(build) {
    build.onResolve({ filter: /(^|\/)pacEngine$/ }, (args) =>
      args.kind === 'entry-point' ? undefined : { path: './pac.js', external: true },
    );
  },
};

/** QuickJS's WebAssembly goes beside dist/pac.js, which reads it from there. */
const quickjsWasm = (outdir) => ({
  name: 'quickjs-wasm',
  setup(build) {
    build.onEnd(() => {
      fs.mkdirSync(outdir, { recursive: true });
      fs.copyFileSync(require.resolve('quickjs-wasi/quickjs.wasm'), path.join(outdir, 'quickjs.wasm'));
    });
  },
});

/** The build options; the benchmark builds with the same ones into another folder. */
function buildOptions({ production = false, outdir = path.join(__dirname, 'dist') } = {}) {
  return {
    absWorkingDir: __dirname,
    entryPoints: {
      extension: 'src/extension.ts',
      undici: 'src/undici.ts',
      summaryWorker: 'src/workfront/summaryWorker.ts',
      pac: 'src/pacEngine.ts',
    },
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20.18',
    outdir,
    external: ['vscode'],
    plugins: [undiciApart, pacApart, quickjsWasm(outdir)],
    minify: production,
    sourcemap: !production,
    sourcesContent: false,
    logLevel: 'warning',
    metafile: true,
  };
}

async function main() {
  const { values } = parseArgs({
    options: {
      production: { type: 'boolean' },
      watch: { type: 'boolean' },
      report: { type: 'boolean' },
      outdir: { type: 'string' },
    },
  });
  const outdir = values.outdir === undefined ? undefined : path.resolve(values.outdir);
  const ctx = await esbuild.context(buildOptions({ production: values.production, outdir }));
  if (values.watch) {
    await ctx.watch();
    return;
  }
  const result = await ctx.rebuild();
  await ctx.dispose();
  if (values.report) console.log(await esbuild.analyzeMetafile(result.metafile));
}

module.exports = { buildOptions };

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
