import koffi from 'koffi';

const PR_SET_DUMPABLE = 4;
const PR_GET_DUMPABLE = 3;

type Prctl = (option: number, a2: number, a3: number, a4: number, a5: number) => number;

let prctl: Prctl | undefined;

function loadPrctl(): Prctl {
  prctl ??= koffi
    .load('libc.so.6')
    .func(
      'int prctl(int option, unsigned long a2, unsigned long a3, unsigned long a4, unsigned long a5)',
    ) as Prctl;
  return prctl;
}

/**
 * Makes this process non-dumpable (Linux `prctl(PR_SET_DUMPABLE, 0)`), as ssh-agent and gpg-agent
 * do: another process of the same user can then no longer read its environment, memory or open
 * files through /proc, nor attach a debugger. That is what keeps a bot process running as the
 * worker's own user away from DATABASE_URL and MASTER_KEY. It ends at nothing the process does
 * itself; the children it starts are dumpable again once they exec.
 *
 * Returns false where the call does not exist (not Linux); throws when it exists and fails.
 */
export function protectProcess(platform: NodeJS.Platform = process.platform): boolean {
  if (platform !== 'linux') return false;
  const call = loadPrctl();
  if (call(PR_SET_DUMPABLE, 0, 0, 0, 0) !== 0 || call(PR_GET_DUMPABLE, 0, 0, 0, 0) !== 0) {
    throw new Error('prctl(PR_SET_DUMPABLE, 0) failed: this process could be read by its own children');
  }
  return true;
}
