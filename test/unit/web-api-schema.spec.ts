import path from 'node:path';
import { OpenAPIObject } from '@nestjs/swagger';
import openapiTS, { astToString } from 'openapi-typescript';
import { format, resolveConfig } from 'prettier';
import { describe, expect, it } from 'vitest';
import { previewOpenApiDocument } from '../helpers/openapi-document';

const SCHEMA_FILE = path.resolve(__dirname, '../../web/src/api/schema.d.ts');

type Document = Parameters<typeof openapiTS>[0];

const sortedByKey = <T>(record: Record<string, T>): Record<string, T> =>
  Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/**
 * What the client needs of the document, in an order of its own: routes and schemas by name, and
 * no operation ids (they are controller class and method names). Moving a handler to another
 * controller, or a module in the app's list, then leaves the generated file as it was.
 */
function clientView(document: OpenAPIObject): Document {
  const paths = Object.fromEntries(
    Object.entries(sortedByKey(document.paths)).map(([route, operations]) => [
      route,
      Object.fromEntries(
        Object.entries(operations).map(([method, operation]) => {
          if (!operation || typeof operation !== 'object' || !('responses' in operation)) {
            return [method, operation];
          }
          const { operationId: _operationId, ...rest } = operation as { operationId?: string };
          return [method, rest];
        }),
      ),
    ]),
  );
  const schemas = sortedByKey(document.components?.schemas ?? {});
  // openapi-typescript declares its own OpenAPI types; the JSON is the same document.
  return JSON.parse(
    JSON.stringify({ ...document, paths, components: { ...document.components, schemas } }),
  ) as Document;
}

async function generatedSchema(): Promise<string> {
  // A field with a default is optional in what clients send, so it must not be required here.
  const ast = await openapiTS(clientView(await previewOpenApiDocument()), { defaultNonNullable: false });
  const header = '// Generated from the API’s OpenAPI document by `npm run gen:api`; do not edit.\n\n';
  return format(header + astToString(ast), { ...(await resolveConfig(SCHEMA_FILE)), filepath: SCHEMA_FILE });
}

// The web client's types come from this file: a server change the console does not follow fails
// here (and then its typecheck, once regenerated) instead of in a browser.
describe('the web client’s API schema', () => {
  it('should be what the server’s OpenAPI document generates now (npm run gen:api)', async () => {
    await expect(await generatedSchema()).toMatchFileSnapshot(SCHEMA_FILE);
  });
});
