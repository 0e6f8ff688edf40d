import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { previewOpenApiDocument } from '../helpers/openapi-document';
import { TestApp, startTestApp } from '../helpers/test-app';

// The web client's types are generated from a document built without connecting (preview mode);
// it must be the one the running API serves at /docs/json.
describe('the OpenAPI document', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('should be the same built in preview mode as served by the running API', async () => {
    const served: unknown = await (await fetch(`${t.url}/docs/json`)).json();
    expect(JSON.parse(JSON.stringify(await previewOpenApiDocument()))).toEqual(served);
  });
});
