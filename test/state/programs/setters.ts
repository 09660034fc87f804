// Writes through setters store nothing under their own name: the setter's writes are the state.
class Temperature {
  private celsius = 0;
  set fahrenheit(f: number) { this.celsius = Math.round((f - 32) / 1.8); }
  get fahrenheit(): number { return this.celsius * 1.8 + 32; }
}
class Reading extends Temperature {
  label = 'boiling';
}
const t = new Temperature();
t.fahrenheit = 212;
const r = new Reading();
r.fahrenheit = 32;
r.label = 'freezing';
console.log('@state ' + JSON.stringify({ t, r }));
