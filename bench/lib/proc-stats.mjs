import { readFileSync, readdirSync, readlinkSync } from 'node:fs';

const CLOCK_TICKS = 100; // USER_HZ on Linux

/** Resident set size of a process, in bytes. */
export function rssBytes(pid) {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) * 1024 : 0;
}

/** CPU time (user + system) a process has used so far, in seconds. */
export function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces) start at field 3.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

/** Open TCP connections of a process to a remote port (e.g. 6379 for Redis), from /proc. */
export function tcpConnectionsTo(pid, remotePort) {
  const inodes = new Set();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (match) inodes.add(match[1]);
    } catch {
      // closed while we looked
    }
  }
  const portHex = remotePort.toString(16).toUpperCase().padStart(4, '0');
  let count = 0;
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      // cols: sl local rem st … inode(9); state 01 = ESTABLISHED
      if (cols.length > 9 && cols[2].endsWith(`:${portHex}`) && cols[3] === '01' && inodes.has(cols[9]))
        count++;
    }
  }
  return count;
}

/** CPU use of a process over a window: call start(), then stop() → share of one core (1 = 100 %). */
export function cpuMeter(pid) {
  const t0 = process.hrtime.bigint();
  const c0 = cpuSeconds(pid);
  return () => (cpuSeconds(pid) - c0) / (Number(process.hrtime.bigint() - t0) / 1e9);
}

/** CPU seconds used so far by all processes with this command name (e.g. every `postgres` backend). */
export function cpuSecondsOfCommand(comm) {
  let total = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) !== comm) continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // utime, stime, and the CPU of children already waited for (backends that have exited)
      total +=
        (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) / CLOCK_TICKS;
    } catch {
      // exited while we looked
    }
  }
  return total;
}

/**
 * CPU seconds the whole machine has been busy so far (all cores; every process and the kernel),
 * from /proc/stat.
 */
export function machineBusySeconds() {
  const [, ...cols] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
  const n = cols.map(Number);
  const idle = n[3] + n[4];
  return (n.reduce((a, b) => a + b, 0) - idle) / CLOCK_TICKS;
}

/**
 * Where the machine's CPU went during a window, in cores: the given processes, PostgreSQL,
 * Redis, this bench process (the load generator) and the whole machine (others included).
 */
export function cpuBreakdown(pids) {
  const t0 = process.hrtime.bigint();
  const start = {
    pids: Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuSeconds(pid)])),
    postgres: cpuSecondsOfCommand('postgres'),
    redis: cpuSecondsOfCommand('redis-server'),
    bench: cpuSeconds(process.pid),
    machine: machineBusySeconds(),
  };
  return () => {
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const share = (now, then) => Math.round(((now - then) / seconds) * 100) / 100;
    return {
      ...Object.fromEntries(
        Object.entries(pids).map(([name, pid]) => [name, share(cpuSeconds(pid), start.pids[name])]),
      ),
      postgres: share(cpuSecondsOfCommand('postgres'), start.postgres),
      redis: share(cpuSecondsOfCommand('redis-server'), start.redis),
      loadGenerator: share(cpuSeconds(process.pid), start.bench),
      machine: share(machineBusySeconds(), start.machine),
    };
  };
}
