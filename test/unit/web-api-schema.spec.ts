import path from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import { format, resolveConfig } from 'prettier';
import { describe, expect, it } from 'vitest';
import { previewOpenApiDocument } from '../helpers/openapi-document';

const SCHEMA_FILE = path.resolve(__dirname, '../../web/src/api/schema.d.ts');

async function generatedSchema(): Promise<string> {
  // openapi-typescript declares its own OpenAPI types; the JSON is the same document.
  const document = JSON.parse(JSON.stringify(await previewOpenApiDocument())) as Parameters<
    typeof openapiTS
  >[0];
  // A field with a default is optional in what clients send, so it must not be required here.
  const ast = await openapiTS(document, { defaultNonNullable: false });
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
