import type * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ConfigFileRequest, FixAllRequest, RevalidateRequest, RulesRequest } from '../../server/src/protocol';
import type { ConfigLocator } from './configFile';
import type { FixAllProvider } from './fixAll';
import type { RuleEntry } from './ruleDocs';

/** The commands' requests to the server, with the LSP types converted to VS Code's. */
export function serverRequests(client: LanguageClient): {
  revalidate(): Promise<number>;
  fixAll: FixAllProvider;
  configFile: ConfigLocator;
  rules(): Promise<RuleEntry[]>;
} {
  const textDocument = (document: vscode.TextDocument) => client.code2ProtocolConverter.asTextDocumentIdentifier(document);
  return {
    rules: () => client.sendRequest(RulesRequest.type),
    revalidate: async () => (await client.sendRequest(RevalidateRequest.type)).files,
    fixAll: async (document) => {
      const { edit } = await client.sendRequest(FixAllRequest.type, { textDocument: textDocument(document) });
      return edit ? client.protocol2CodeConverter.asWorkspaceEdit(edit) : undefined;
    },
    configFile: async (document) => {
      const answer = await client.sendRequest(ConfigFileRequest.type, { textDocument: textDocument(document) });
      return {
        uri: answer.uri === null ? undefined : client.protocol2CodeConverter.asUri(answer.uri),
        createUri: answer.createUri === null ? undefined : client.protocol2CodeConverter.asUri(answer.createUri),
      };
    },
  };
}
