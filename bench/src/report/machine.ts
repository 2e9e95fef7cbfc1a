import { cpus, totalmem } from "node:os";

export interface MachineInfo {
  cores: number;
  cpuModel: string;
  node: string;
  totalMemoryMB: number;
  platform: string;
}

export function machineInfo(): MachineInfo {
  const list = cpus();
  return {
    cores: list.length,
    cpuModel: list[0]?.model.trim() ?? "unknown",
    node: process.version,
    totalMemoryMB: Math.round(totalmem() / 1024 / 1024),
    platform: `${process.platform} ${process.arch}`,
  };
}
