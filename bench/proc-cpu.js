'use strict';
// Server CPU time from /proc/<pid>/stat (Linux): user + system time of all the threads of a process,
// steadier than req/s on a shared machine since it does not count the time the server waited for a core.
const { execFileSync } = require('node:child_process');
const { readFileSync } = require('node:fs');

let ticksPerSecond;
/** The unit of the times in /proc/<pid>/stat: `getconf CLK_TCK`, 100 nearly everywhere. */
function clockTicksPerSecond() {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/**
 * utime + stime in clock ticks of a process (all its threads), or of one of its threads given `tid` (the
 * main thread's is the pid); undefined where there is no /proc.
 */
function cpuTicks(pid, tid) {
  try {
    const stat = readFileSync(tid === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${tid}/stat`, 'utf8');
    // Field 2, the command name, is in parentheses and may hold spaces: count from after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]); // proc(5) fields 14 (utime) and 15 (stime)
  } catch {
    return undefined;
  }
}

/**
 * Runs `load` (which resolves to a summary with `total`, the requests served) and adds the server's CPU
 * over the run, in µs per request: `cpuUsPerRequest` for the whole process (GC helper threads included),
 * `mainThreadCpuUsPerRequest` for its main thread; both undefined where /proc cannot be read.
 */
async function withServerCpu(pid, load) {
  const before = [cpuTicks(pid), cpuTicks(pid, pid)];
  const summary = await load();
  const after = [cpuTicks(pid), cpuTicks(pid, pid)];
  const perRequest = (i) =>
    before[i] === undefined || after[i] === undefined || !summary.total
      ? undefined
      : ((after[i] - before[i]) * 1e6) / clockTicksPerSecond() / summary.total;
  return { ...summary, cpuUsPerRequest: perRequest(0), mainThreadCpuUsPerRequest: perRequest(1) };
}

module.exports = { clockTicksPerSecond, cpuTicks, withServerCpu };
