import { Stats } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { workspaceRootProblem } from './workspace.adapter';

const stats = (fields: { uid: number; mode: number; kind?: 'dir' | 'link' | 'file' }): Stats =>
  ({
    uid: fields.uid,
    mode: fields.mode,
    isDirectory: () => (fields.kind ?? 'dir') === 'dir',
    isSymbolicLink: () => fields.kind === 'link',
  }) as Stats; // only the fields the check reads

describe(workspaceRootProblem.name, () => {
  it("should accept a root that is the worker's own and written by nobody else", () => {
    expect(workspaceRootProblem('/w', stats({ uid: 1000, mode: 0o40711 }), 1000)).toBeUndefined();
    expect(workspaceRootProblem('/w', stats({ uid: 1000, mode: 0o40700 }), 1000)).toBeUndefined();
  });

  it('should refuse a root another user made first', () => {
    expect(workspaceRootProblem('/tmp/agented-workspaces', stats({ uid: 1234, mode: 0o40700 }), 0)).toMatch(
      /belongs to uid 1234, not to this worker \(uid 0\)/,
    );
  });

  it('should refuse a root others can write, a link and a file', () => {
    expect(workspaceRootProblem('/w', stats({ uid: 0, mode: 0o41777 }), 0)).toMatch(/written by other users/);
    expect(workspaceRootProblem('/w', stats({ uid: 0, mode: 0o40775 }), 0)).toMatch(/written by other users/);
    expect(workspaceRootProblem('/w', stats({ uid: 0, mode: 0o120777, kind: 'link' }), 0)).toMatch(
      /symbolic link/,
    );
    expect(workspaceRootProblem('/w', stats({ uid: 0, mode: 0o100600, kind: 'file' }), 0)).toMatch(
      /not a directory/,
    );
  });
});
