import * as assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import type { Connection, PublishDiagnosticsParams, TextDocuments } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { generateFiles } from '../bench/corpus';
import { LanguageSession } from '../server/src/lsp/session';
import { FIRST_LOOK_MIN_FILES } from '../server/src/project/projectHost';
import { tempProject } from './helpers/tempProject';

/** The session with a connection that records what it publishes, and one open document. */
function sessionWith(document: TextDocument) {
  const published: PublishDiagnosticsParams[] = [];
  const errors: string[] = [];
  const connection = {
    sendDiagnostics: (params: PublishDiagnosticsParams) => {
      published.push(params);
      return Promise.resolve();
    },
    sendNotification: () => Promise.resolve(),
  } as unknown as Connection;
  const documents = { get: (uri: string) => (uri === document.uri ? document : undefined), all: () => [document] } as unknown as TextDocuments<TextDocument>;
  const logger = { info() {}, warn() {}, error: (message: string) => errors.push(message) };
  const progress = { begin: () => Promise.reject(new Error('no progress here')) };
  return { session: new LanguageSession(connection, documents, logger, progress), published, errors };
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('the language session', function () {
  this.timeout(60_000);

  it('analyzes a file whole at once when its first look fails, and says why', async () => {
    const generated = generateFiles({ name: 'big', files: FIRST_LOOK_MIN_FILES + 10, seed: 5 });
    const app = "import { sleep } from './core/util';\nexport async function run(): Promise<void> {\n  sleep(1);\n  for await (const n of [1, 2]) void n;\n}\n";
    const project = tempProject({
      'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', lib: ['ES2022'], types: [] }, include: ['src'] }),
      ...Object.fromEntries(generated.files),
      'src/app.ts': app,
    });
    const document = TextDocument.create(pathToFileURL(project.file('src/app.ts')).toString(), 'typescript', 1, app);
    const { session, published, errors } = sessionWith(document);
    try {
      const linter = (session as unknown as { linter: { firstLook(): never } }).linter;
      linter.firstLook = () => {
        throw new Error('broken first look');
      };
      session.changed(document);
      await until(() => published.length > 0, 'diagnostics');
      assert.deepEqual(
        published[0].diagnostics.map((diagnostic) => diagnostic.code),
        ['floating-promise', 'await-non-promise'],
        'the complete diagnostics come first',
      );
      assert.ok(errors.some((message) => message.includes('first look') && message.includes('broken first look')), errors.join('\n'));
    } finally {
      session.dispose();
      project.dispose();
    }
  });
});
