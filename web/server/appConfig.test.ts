import { describe, expect, it } from 'vitest';
import { localPackageFile } from './appConfig';

describe('localPackageFile', () => {
  it('serves the package files of a repository path (the demo’s package URIs)', () => {
    expect(localPackageFile('/oracle/models/digits/manifest.json')).toMatch(/oracle\/models\/digits\/manifest\.json$/);
    expect(localPackageFile('oracle/models/digits/params.bin')).toMatch(/params\.bin$/);
  });

  it('serves nothing else: other files, paths out of the repository, dependencies', () => {
    expect(localPackageFile('/package.json')).toBeUndefined();
    expect(localPackageFile('/../../etc/passwd')).toBeUndefined();
    expect(localPackageFile('/oracle/models/digits/../../../../etc/manifest.json')).toBeUndefined();
    expect(localPackageFile('/%2e%2e/%2e%2e/manifest.json')).toBeUndefined();
    expect(localPackageFile('/node_modules/some-package/manifest.json')).toBeUndefined();
  });
});
