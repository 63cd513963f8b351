/** The compiler file of @ts-morph/common on its own (see server/src/typescript.ts): the same API as its `ts` export. */
declare module '@ts-morph/common/dist/typescript.js' {
  import { ts } from '@ts-morph/common';
  export = ts;
}
