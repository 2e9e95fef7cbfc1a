import { cpus, loadavg, totalmem } from "node:os";

export interface MachineInfo {
  cores: number;
  cpuModel: string;
  node: string;
  totalMemoryMB: number;
  platform: string;
  /** 1-minute load average when the run started and ended: how much else was running. */
  loadAverage: { atStart: number; atEnd: number };
}

/** The 1-minute load average now (0 where the platform has none). */
export function loadAverage(): number {
  return loadavg()[0] ?? 0;
}

export function machineInfo(loadAtStart: number): MachineInfo {
  const list = cpus();
  return {
    cores: list.length,
    cpuModel: list[0]?.model.trim() ?? "unknown",
    node: process.version,
    totalMemoryMB: Math.round(totalmem() / 1024 / 1024),
    platform: `${process.platform} ${process.arch}`,
    loadAverage: { atStart: loadAtStart, atEnd: loadAverage() },
  };
}
