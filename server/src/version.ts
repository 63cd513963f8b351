declare const __ASYNC_PITFALLS_VERSION__: string | undefined;
declare const __ASYNC_PITFALLS_ENGINE_CODE__: string | undefined;

/** The package version, set by the bundler; sources run directly (tests) report a development version. */
export const VERSION: string = typeof __ASYNC_PITFALLS_VERSION__ === 'string' ? __ASYNC_PITFALLS_VERSION__ : '0.0.0-dev';

/**
 * A hash of the engine's code, set by the bundler: of every module that both the language server's and
 * the CLI's bundles hold (the rules, the engine, the project model, the config, TypeScript), so that the
 * two share the findings cache while each is built from the same engine. Undefined in sources run directly.
 */
export const ENGINE_CODE: string | undefined = typeof __ASYNC_PITFALLS_ENGINE_CODE__ === 'string' ? __ASYNC_PITFALLS_ENGINE_CODE__ : undefined;
