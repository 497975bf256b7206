// The service as `count` processes (replicas) on consecutive ports, started
// at the same moment over one store, as a deployment runs more than one
// behind a load balancer. CPU, RSS and log lines are their sums.
import { ServiceProcess } from './service-process.mjs';

export class ServiceReplicas {
  /** Options as ServiceProcess.start's; replica i listens on `port + i` and logs to `<logFile>.<i>`. */
  static async start(count, { port, logFile, ...options }) {
    const started = await Promise.allSettled(
      Array.from({ length: count }, (_, i) => ServiceProcess.start({ ...options, port: port + i, logFile: `${logFile}.${i}` })),
    );
    const processes = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    const failed = started.find((s) => s.status === 'rejected');
    if (failed) {
      await Promise.all(processes.map((p) => p.stop()));
      throw failed.reason;
    }
    return new ServiceReplicas(processes);
  }

  constructor(processes) {
    this.processes = processes;
  }

  get pids() {
    return this.processes.map((p) => p.pid);
  }

  get urls() {
    return this.processes.map((p) => p.url);
  }

  cpuSeconds() {
    return this.sum((p) => p.cpuSeconds());
  }

  rssMb() {
    return this.sum((p) => p.rssMb());
  }

  logLines() {
    return this.sum((p) => p.logLines());
  }

  stop() {
    return Promise.all(this.processes.map((p) => p.stop()));
  }

  sum(of) {
    return this.processes.reduce((total, p) => total + of(p), 0);
  }
}
