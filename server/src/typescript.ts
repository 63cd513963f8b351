/**
 * The TypeScript compiler API the engine runs on: the copy that @ts-morph/common ships, so the engine's
 * TypeScript version is its own, whatever the user's project has. It is imported from its own file: the
 * rest of @ts-morph/common (chiefly the texts of TypeScript's lib files, which cost a running server
 * about 30 MB) stays out of the bundles, which read the lib files from disk (project/libFiles.ts).
 */
import ts = require('@ts-morph/common/dist/typescript.js');

export { ts };
