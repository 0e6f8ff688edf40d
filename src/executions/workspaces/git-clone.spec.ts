import { describe, expect, it } from 'vitest';
import { cloneArgv, cloneUrlProblem } from './git-clone';

describe(cloneUrlProblem.name, () => {
  it('should take https always and file:// only when the server allows it', () => {
    expect(cloneUrlProblem('https://github.com/a/b.git', false)).toBeUndefined();
    expect(cloneUrlProblem('file:///srv/b.git', true)).toBeUndefined();
    expect(cloneUrlProblem('file:///srv/b.git', false)).toMatch(
      /^cannot clone file:\/\/\/srv\/b\.git: file:\/\/ URLs are refused unless the server sets CLONE_ALLOW_FILE_URLS=true/,
    );
  });

  it('should refuse other protocols and credentials in the URL, flag or not', () => {
    for (const url of ['ssh://git@github.com/a/b.git', 'ext::sh -c x', 'https://u:p@github.com/a/b.git']) {
      expect(cloneUrlProblem(url, true)).toMatch(/^cannot clone .*: only https:\/\//);
    }
  });
});

describe(cloneArgv.name, () => {
  it("should let git use only the URL's own protocol", () => {
    expect(cloneArgv('https://github.com/a/b.git', 'main', '/w/1')).toEqual([
      'git',
      '-c',
      'protocol.allow=never',
      '-c',
      'protocol.https.allow=always',
      'clone',
      '--depth',
      '1',
      '--branch=main',
      '--',
      'https://github.com/a/b.git',
      '/w/1',
    ]);
    expect(cloneArgv('file:///srv/b.git', undefined, '/w/2').slice(0, 5)).toEqual([
      'git',
      '-c',
      'protocol.allow=never',
      '-c',
      'protocol.file.allow=always',
    ]);
  });
});
