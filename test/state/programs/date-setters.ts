// Dates changed by their setters: the recorded Date must be the new time. A class of the
// program's own with a method named like a setter is not a Date and keeps its own writes.
const due = new Date(Date.UTC(2024, 0, 31, 12));
due.setUTCFullYear(2025);
due.setUTCMonth(5, 15);
console.log('@state ' + JSON.stringify({ due }));

const stamps = [new Date(0), new Date(1000)];
stamps[1].setTime(86_400_000);
stamps.forEach((d) => d.setUTCHours(d.getUTCHours() + 1));
console.log('@state ' + JSON.stringify({ stamps }));

class Clock {
  hours = 0;
  setHours(h: number): void { this.hours = h; }
}
const clock = new Clock();
clock.setHours(7);
console.log('@state ' + JSON.stringify({ clock }));
