declare const __ASYNC_PITFALLS_VERSION__: string | undefined;

/** The package version, set by the bundler; sources run directly (tests) report a development version. */
export const VERSION: string = typeof __ASYNC_PITFALLS_VERSION__ === 'string' ? __ASYNC_PITFALLS_VERSION__ : '0.0.0-dev';
