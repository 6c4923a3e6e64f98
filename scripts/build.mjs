// Compiles the TypeScript (incrementally) into dist/ and rewrites the @app/*
// path aliases to relative paths, so `node dist/...` runs without a loader.
//
// The compile is `tsc -p tsconfig.json` through the compiler API, so that the
// @nestjs/swagger CLI plugin can run as a transformer over the API's DTO files:
// it reads each DTO property's TypeScript type, `?`, class-validator decorators
// and JSDoc comment into the OpenAPI schema (docs/architecture.md, "DTOs").
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, relative, resolve } from 'node:path';
import ts from 'typescript';

const require = createRequire(import.meta.url);
const root = resolve(dirname(new URL(import.meta.url).pathname), '..');

const swaggerPluginOptions = {
  dtoFileNameSuffix: ['.dto.ts', '-dto.common.ts'],
  controllerFileNameSuffix: [],
  classValidatorShim: true,
  introspectComments: true,
};
const isApiDtoFile = (fileName) => /^apps\/api\/src\/.+(\.dto|-dto\.common)\.ts$/.test(relative(root, fileName).split('\\').join('/'));

const config = ts.getParsedCommandLineOfConfigFile(resolve(root, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => report([d]) });
if (!config) process.exit(1);

// dist/ compiled without the plugin (or by another version of this script) has
// DTOs without their schema metadata, and an incremental build would not re-emit them.
const swaggerVersion = JSON.parse(readFileSync(require.resolve('@nestjs/swagger/package.json'), 'utf8')).version;
const self = createHash('sha256')
  .update(readFileSync(new URL(import.meta.url)))
  .digest('hex');
const stamp = JSON.stringify({ swagger: swaggerVersion, typescript: ts.version, build: self });
const stampFile = resolve(config.options.outDir, '.swagger-plugin');
if (!existsSync(stampFile) || readFileSync(stampFile, 'utf8') !== stamp) rmSync(config.options.tsBuildInfoFile, { force: true });

const program = ts.createIncrementalProgram({
  rootNames: config.fileNames,
  options: config.options,
  projectReferences: config.projectReferences,
  configFileParsingDiagnostics: ts.getConfigFileParsingDiagnostics(config),
});
const { before: swaggerPlugin } = await import('@nestjs/swagger/plugin');
const dtoTransformer = swaggerPlugin(swaggerPluginOptions, program.getProgram());
const onlyApiDtos = (ctx) => {
  const transform = dtoTransformer(ctx);
  return (sf) => (isApiDtoFile(sf.fileName) ? keepPropertyOrder(ctx, transform(sf)) : sf);
};

const diagnostics = [
  ...program.getConfigFileParsingDiagnostics(),
  ...program.getOptionsDiagnostics(),
  ...program.getGlobalDiagnostics(),
  ...program.getSyntacticDiagnostics(),
  ...program.getSemanticDiagnostics(),
];
const emitted = program.emit(undefined, undefined, undefined, false, { before: [onlyApiDtos] });
diagnostics.push(...emitted.diagnostics);
if (!emitted.emitSkipped) writeFileSync(stampFile, stamp);
if (diagnostics.length > 0) {
  report(diagnostics);
  process.exit(emitted.emitSkipped ? 1 : 2);
}

const result = spawnSync(process.execPath, [require.resolve('tsc-alias/dist/bin/index.js'), '-p', 'tsconfig.json'], { stdio: 'inherit', cwd: root });
if (result.status !== 0) process.exit(result.status ?? 1);

// Swagger lists a class's decorated properties first and the ones known only
// to the plugin after them. A class static block that applies the plugin's
// metadata of every property (`@ApiProperty(plugin metadata)`) before the
// decorators run keeps the schema in source order; the decorators still win.
function keepPropertyOrder(ctx, sf) {
  const f = ctx.factory;
  const factoryName = '_OPENAPI_METADATA_FACTORY';
  const id = (name) => f.createIdentifier(name);
  const call = (fn, args) => f.createCallExpression(fn, undefined, args);
  const dot = (object, name) => f.createPropertyAccessExpression(object, name);
  const register = () =>
    f.createClassStaticBlockDeclaration(
      f.createBlock([
        f.createVariableStatement(
          undefined,
          f.createVariableDeclarationList(
            [f.createVariableDeclaration('metadata', undefined, undefined, call(dot(f.createThis(), factoryName), []))],
            ts.NodeFlags.Const,
          ),
        ),
        f.createForInStatement(
          f.createVariableDeclarationList([f.createVariableDeclaration('key')], ts.NodeFlags.Const),
          id('metadata'),
          f.createExpressionStatement(
            call(
              call(dot(call(id('require'), [f.createStringLiteral('@nestjs/swagger')]), 'ApiProperty'), [
                f.createElementAccessExpression(id('metadata'), id('key')),
              ]),
              [dot(f.createThis(), 'prototype'), id('key')],
            ),
          ),
        ),
      ]),
    );
  const visit = (node) => {
    if (ts.isClassDeclaration(node) && node.members.some((m) => m.name && ts.isIdentifier(m.name) && m.name.text === factoryName)) {
      return f.updateClassDeclaration(node, node.modifiers, node.name, node.typeParameters, node.heritageClauses, [...node.members, register()]);
    }
    return ts.visitEachChild(node, visit, ctx);
  };
  return ts.visitNode(sf, visit);
}

function report(list) {
  const host = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => root, getNewLine: () => ts.sys.newLine };
  const format = process.stdout.isTTY ? ts.formatDiagnosticsWithColorAndContext : ts.formatDiagnostics;
  process.stdout.write(format(ts.sortAndDeduplicateDiagnostics(list), host));
  process.stdout.write(`${ts.sys.newLine}Found ${list.length} error${list.length === 1 ? '' : 's'}.${ts.sys.newLine}`);
}
