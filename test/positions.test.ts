import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { CodeAction, Connection, PublishDiagnosticsParams, TextDocumentEdit, TextDocuments } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LanguageSession } from '../server/src/lsp/session';
import { LineMap } from '../server/src/rules/util/lines';
import { builtCli, tempProject } from './helpers/tempProject';

const TSCONFIG = JSON.stringify({ compilerOptions: { target: 'ES2022', strict: true, module: 'ESNext', moduleResolution: 'Bundler', lib: ['ES2022', 'DOM'], types: [] }, include: ['src'] });
const LS = '\u2028';
const PS = '\u2029';
/** An astral character: two UTF-16 code units, so the columns after it count two for it. */
const ASTRAL = '\u{1F600}';

/**
 * A floating promise on line 4 (1-based), column 3, or column 7 after the astral character in a
 * string on the same line; lines 2 and 3 hold U+2028 and U+2029 inside a comment and a string, which
 * TypeScript's own line map counts as line breaks and editors do not.
 */
function source(newline: string): string {
  return [
    'async function save(): Promise<void> {}',
    `// a comment with ${LS} inside`,
    `export const label = 'a${PS}b';`,
    `export function onClick(): void { '${ASTRAL}'; save();`,
    '}',
    '',
  ].join(newline);
}
const FINDING_COLUMN = 1 + "export function onClick(): void { '".length + 2 + "'; ".length;

describe('positions as editors count them', () => {
  describe('LineMap', () => {
    it('breaks lines at CR, LF and CRLF only', () => {
      const map = new LineMap(`a${LS}b\r\nc\rd\ne${PS}f`);
      assert.equal(map.lineCount, 4);
      assert.deepEqual(map.position(2), { line: 0, character: 2 });
      assert.deepEqual(map.position(5), { line: 1, character: 0 });
      assert.deepEqual(map.position(7), { line: 2, character: 0 });
      assert.deepEqual(map.position(12), { line: 3, character: 3 });
      assert.equal(map.offset({ line: 3, character: 3 }), 12);
    });

    it('counts characters in UTF-16 code units and clamps like LSP', () => {
      const map = new LineMap(`${ASTRAL}x\r\ny`);
      assert.deepEqual(map.position(2), { line: 0, character: 2 });
      assert.equal(map.offset({ line: 0, character: 99 }), 3, 'past the end of a line: the end of the line, before CRLF');
      assert.equal(map.offset({ line: 9, character: 0 }), map.text.length);
      assert.equal(map.lineEnd(0), 3);
      assert.equal(map.lineStart(1), 5);
    });
  });

  describe('in the language server', function () {
    this.timeout(60_000);
    for (const [name, newline] of [['LF', '\n'], ['CRLF', '\r\n']] as const) {
      it(`diagnostics and fix edits after U+2028, U+2029 and an astral character (${name})`, async () => {
        const text = source(newline);
        const project = tempProject({ 'tsconfig.json': TSCONFIG, 'src/a.ts': text });
        const document = TextDocument.create(pathToFileURL(project.file('src/a.ts')).toString(), 'typescript', 1, text);
        const published: PublishDiagnosticsParams[] = [];
        const connection = {
          sendDiagnostics: (params: PublishDiagnosticsParams) => {
            published.push(params);
            return Promise.resolve();
          },
          sendNotification: () => Promise.resolve(),
        } as unknown as Connection;
        const documents = { get: (uri: string) => (uri === document.uri ? document : undefined), all: () => [document] } as unknown as TextDocuments<TextDocument>;
        const session = new LanguageSession(connection, documents, { info() {}, warn() {}, error() {} }, { begin: () => Promise.reject(new Error('none')) });
        try {
          session.changed(document);
          const deadline = Date.now() + 30_000;
          while (!published.some((params) => params.diagnostics.length > 0)) {
            if (Date.now() > deadline) throw new Error('no diagnostics');
            await new Promise((resolve) => setTimeout(resolve, 20));
          }
          const diagnostic = published.find((params) => params.diagnostics.length > 0)!.diagnostics[0];
          assert.equal(diagnostic.code, 'floating-promise');
          const start = { line: 3, character: FINDING_COLUMN - 1 };
          assert.deepEqual(diagnostic.range, { start, end: { line: 3, character: start.character + 'save();'.length } });
          assert.equal(document.getText(diagnostic.range), 'save();');

          const actions = session.codeActions({ textDocument: { uri: document.uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
          const catchAction = actions.find((action: CodeAction) => action.title.includes('.catch'));
          assert.ok(catchAction, actions.map((action) => action.title).join(', '));
          const edits = (catchAction.edit!.documentChanges![0] as TextDocumentEdit).edits;
          const after = TextDocument.applyEdits(document, edits);
          assert.equal(
            after,
            text.replace('save();', `save().catch((error: unknown) => {${newline}  console.error(error);${newline}});`),
          );
          const disable = actions.find((action) => action.title.startsWith('Disable floating-promise for this line'))!;
          const disabled = TextDocument.applyEdits(document, (disable.edit!.documentChanges![0] as TextDocumentEdit).edits);
          assert.equal(disabled.split(newline)[3], '// async-pitfalls-disable-next-line floating-promise', 'the comment goes above the finding’s line');
        } finally {
          session.dispose();
          project.dispose();
        }
      });
    }
  });

  describe('in the CLI', () => {
    let project: ReturnType<typeof tempProject> | undefined;
    afterEach(() => project?.dispose());

    it('reports the line and column an editor shows, after U+2028, U+2029 and an astral character', () => {
      project = tempProject({ 'tsconfig.json': TSCONFIG, 'src/a.ts': source('\n'), 'src/b.ts': source('\r\n') });
      const result = spawnSync(process.execPath, [builtCli, '--format', 'json', 'src'], { cwd: project.root, encoding: 'utf8' });
      const report = JSON.parse(result.stdout) as { findings: { file: string; line: number; column: number; endLine: number; endColumn: number }[] };
      assert.deepEqual(
        report.findings.map(({ file, line, column, endLine, endColumn }) => ({ file, line, column, endLine, endColumn })),
        ['src/a.ts', 'src/b.ts'].map((file) => ({ file, line: 4, column: FINDING_COLUMN, endLine: 4, endColumn: FINDING_COLUMN + 7 })),
      );
    });

    it('a suppression comment above a line after U+2028 covers the line an editor shows below it', () => {
      const text = source('\n').replace("export function onClick(): void { '", "// async-pitfalls-disable-next-line floating-promise\nexport function onClick(): void { '");
      project = tempProject({ 'tsconfig.json': TSCONFIG, 'src/a.ts': text });
      const result = spawnSync(process.execPath, [builtCli, '--format', 'json', 'src'], { cwd: project.root, encoding: 'utf8' });
      assert.deepEqual((JSON.parse(result.stdout) as { findings: unknown[] }).findings, []);
    });
  });
});

describe('--fix keeps the file’s bytes apart from the fixes', function () {
  this.timeout(120_000);
  let project: ReturnType<typeof tempProject> | undefined;
  afterEach(() => project?.dispose());

  /** A file with a finding whose safe fix writes multi-line text (an async executor becomes an async function). */
  const code =
    "async function load(): Promise<string> {\n  return ' x ';\n}\n" +
    `// ${LS} ${ASTRAL} é\n` +
    'export function read(): Promise<string> {\n' +
    '  return new Promise(async (resolve, reject) => {\n' +
    '    try {\n' +
    '      const text = await load();\n' +
    '      resolve(text.trim());\n' +
    '    } catch (error) {\n' +
    '      reject(error);\n' +
    '    }\n' +
    '  });\n' +
    '}\n';
  const nodeConfig = JSON.stringify({ compilerOptions: { target: 'ES2022', strict: true, module: 'ESNext', moduleResolution: 'Bundler', types: ['node'] }, include: ['src'] });

  function fixFiles(files: Record<string, Buffer>): Record<string, Buffer> {
    project = tempProject({ 'tsconfig.json': nodeConfig });
    fs.symlinkSync(`${process.cwd()}/node_modules`, project.file('node_modules'));
    fs.mkdirSync(project.file('src'));
    for (const [name, bytes] of Object.entries(files)) fs.writeFileSync(project.file(`src/${name}`), bytes);
    const result = spawnSync(process.execPath, [builtCli, '--fix', 'src'], { cwd: project.root, encoding: 'utf8' });
    assert.equal(result.stderr, '');
    return Object.fromEntries(Object.keys(files).map((name) => [name, fs.readFileSync(project!.file(`src/${name}`))]));
  }

  it('keeps a UTF-8 byte order mark, UTF-16 (LE and BE) and CRLF, and writes the same fixes as for plain UTF-8 with LF', () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    const utf16le = (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const utf16be = (text: string) => Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]);
    const crlf = code.replace(/\n/g, '\r\n');
    const out = fixFiles({
      'plain.ts': Buffer.from(code),
      'bom.ts': Buffer.concat([bom, Buffer.from(code)]),
      'le.ts': utf16le(code),
      'be.ts': utf16be(code),
      'crlf.ts': Buffer.from(crlf),
      'bom-crlf.ts': Buffer.concat([bom, Buffer.from(crlf)]),
    });
    const plain = out['plain.ts'].toString('utf8');
    assert.notEqual(plain, code, 'a safe fix was applied');
    assert.ok(plain.includes(`// ${LS} ${ASTRAL} é\n`));
    assert.ok(out['bom.ts'].equals(Buffer.concat([bom, Buffer.from(plain)])));
    assert.ok(out['le.ts'].equals(utf16le(plain)));
    assert.ok(out['be.ts'].equals(utf16be(plain)));
    const plainCrlf = plain.replace(/\n/g, '\r\n');
    assert.equal(out['crlf.ts'].toString('utf8'), plainCrlf);
    assert.ok(out['bom-crlf.ts'].equals(Buffer.concat([bom, Buffer.from(plainCrlf)])));
  });

  it('leaves alone a file that is not valid UTF-8 (that fixes would change), and says so', () => {
    // The same code as above, whose plain UTF-8 copy gets fixed, with a Latin-1 byte in a comment.
    const bytes = Buffer.concat([Buffer.from(code), Buffer.from('// caf'), Buffer.from([0xe9, 0x0a])]);
    project = tempProject({ 'tsconfig.json': nodeConfig });
    fs.symlinkSync(`${process.cwd()}/node_modules`, project.file('node_modules'));
    fs.mkdirSync(project.file('src'));
    fs.writeFileSync(project.file('src/latin1.ts'), bytes);
    const result = spawnSync(process.execPath, [builtCli, '--fix', 'src'], { cwd: project.root, encoding: 'utf8' });
    assert.ok(fs.readFileSync(project.file('src/latin1.ts')).equals(bytes));
    assert.match(result.stderr, /src\/latin1\.ts: not fixed: the file is not valid UTF-8 or UTF-16 text/);
    assert.equal(result.status, 2);
  });
});
