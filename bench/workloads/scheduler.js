// A discrete-event scheduler: a binary-heap priority queue of timed tasks that spawn tasks.
const { report } = require('./common');
class Heap {
  constructor(less) { this.items = []; this.less = less; }
  get size() { return this.items.length; }
  push(x) {
    const a = this.items;
    a.push(x);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(a[i], a[p])) break;
      [a[i], a[p]] = [a[p], a[i]];
      i = p;
    }
  }
  pop() {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1, r = l + 1;
        let m = i;
        if (l < a.length && this.less(a[l], a[m])) m = l;
        if (r < a.length && this.less(a[r], a[m])) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m], a[i]];
        i = m;
      }
    }
    return top;
  }
}
class Scheduler {
  constructor() { this.queue = new Heap((a, b) => a.time < b.time || (a.time === b.time && a.seq < b.seq)); this.now = 0; this.seq = 0; this.done = 0; }
  at(time, task) { this.queue.push({ time, seq: this.seq++, task }); }
  run(limit) {
    while (this.queue.size > 0 && this.done < limit) {
      const { time, task } = this.queue.pop();
      this.now = time;
      task(this);
      this.done++;
    }
  }
}
function worker(id, remaining) {
  return (s) => {
    if (remaining > 0) s.at(s.now + 1 + ((id * 7 + remaining) % 13), worker(id, remaining - 1));
    if (remaining > 0 && remaining % 5 === 0) s.at(s.now + 3, worker(id + 1000, Math.floor(remaining / 5)));
  };
}
report('scheduler', (scale) => {
  const s = new Scheduler();
  for (let i = 0; i < 50; i++) s.at(i, worker(i, 40 * scale));
  s.run(Infinity);
  return s.done * 31 + s.now;
});
