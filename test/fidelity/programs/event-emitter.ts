import { EventEmitter, once } from 'node:events';
class Job extends EventEmitter {
  run() {
    this.emit('start', 1);
    process.nextTick(() => this.emit('progress', 50));
    setImmediate(() => this.emit('done', 'ok'));
    return this;
  }
}
const job = new Job();
const seen: string[] = [];
job.on('start', (n) => seen.push('start ' + n));
job.prependListener('start', () => seen.push('prepended'));
job.once('progress', (p) => seen.push('progress ' + p));
job.run();
once(job, 'done').then(([r]) => { seen.push('done ' + r); console.log(seen.join(', '), job.listenerCount('progress')); });
try { new EventEmitter().emit('error', new Error('unhandled error event')); } catch (e) { console.log((e as Error).message); }
