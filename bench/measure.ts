import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface Measurement {
  wallMs: number;
  /** User plus system CPU time of the process. */
  cpuMs: number;
  /** Peak resident set size. */
  peakMb: number;
  exitCode: number;
  /** Where stdout went. */
  stdoutFile: string;
  stderr: string;
}

const GNU_TIME = '/usr/bin/time';
let gnuTimeWorks: boolean | undefined;

/** Whether /usr/bin/time is GNU time (it reports the peak RSS with -f %M). */
function hasGnuTime(): boolean {
  if (gnuTimeWorks !== undefined) return gnuTimeWorks;
  try {
    const probe = path.join(os.tmpdir(), `bench-time-probe-${process.pid}`);
    const result = spawnSync(GNU_TIME, ['-f', '%M', '-o', probe, process.execPath, '-e', '0']);
    gnuTimeWorks = result.status === 0 && /^\d+\s*$/.test(fs.readFileSync(probe, 'utf8'));
    fs.rmSync(probe, { force: true });
  } catch {
    gnuTimeWorks = false;
  }
  return gnuTimeWorks;
}

/**
 * Runs a command to completion and measures wall time, CPU time and peak memory: with GNU time when
 * there is one, else by sampling /proc/<pid> (peak RSS from VmHWM, CPU from utime + stime).
 */
export function measure(command: string, args: readonly string[], cwd: string, stdoutFile: string): Promise<Measurement> {
  const out = fs.openSync(stdoutFile, 'w');
  const timeFile = `${stdoutFile}.time`;
  const useTime = hasGnuTime();
  const [file, argv] = useTime ? [GNU_TIME, ['-f', '%e %U %S %M', '-o', timeFile, command, ...args]] : [command, [...args]];
  const started = performance.now();
  const child = spawn(file, argv, { cwd, stdio: ['ignore', out, 'pipe'], env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    if (stderr.length < 20000) stderr += chunk.toString();
  });
  let sampled = { cpuMs: 0, peakMb: 0 };
  const sampler = useTime ? undefined : setInterval(() => (sampled = sampleProc(child.pid, sampled)), 25);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - started;
      if (sampler) clearInterval(sampler);
      fs.closeSync(out);
      let cpuMs = sampled.cpuMs;
      let peakMb = sampled.peakMb;
      if (useTime) {
        const [, user, system, maxKb] = fs.readFileSync(timeFile, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
        cpuMs = (user + system) * 1000;
        peakMb = maxKb / 1024;
        fs.rmSync(timeFile, { force: true });
      }
      resolve({ wallMs, cpuMs, peakMb, exitCode: code ?? -1, stdoutFile, stderr });
    });
  });
}

/** Clock ticks per second for /proc/<pid>/stat; 100 on every Linux the bench targets. */
const CLOCK_TICKS = 100;

function sampleProc(pid: number | undefined, previous: { cpuMs: number; peakMb: number }): { cpuMs: number; peakMb: number } {
  if (pid === undefined) return previous;
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const cpuMs = ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
    return { cpuMs: Math.max(previous.cpuMs, cpuMs), peakMb: Math.max(previous.peakMb, hwm ? Number(hwm[1]) / 1024 : 0) };
  } catch {
    return previous;
  }
}

/** Peak RSS of a running process (VmHWM), in MB; undefined where /proc is missing. */
export function peakRssOf(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const hwm = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return hwm ? Number(hwm[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

export interface Summary {
  median: number;
  min: number;
  max: number;
  n: number;
}

export function summarize(values: readonly number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1], n: sorted.length };
}

/** The p-th percentile (0-100), nearest rank. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
