// Collections and sorting: arrays of records sorted several ways, Maps, Sets, grouping.
const { report } = require('./common');
report('collections', (scale) => {
  let x = 42;
  const rand = () => (x = (x * 1664525 + 1013904223) >>> 0) / 4294967296;
  const people = Array.from({ length: 3000 * scale }, (_, i) => ({ id: i, age: Math.floor(rand() * 90), city: 'c' + Math.floor(rand() * 50), score: rand() * 100 }));
  const byAge = [...people].sort((a, b) => a.age - b.age || a.id - b.id);
  const byScore = people.slice().sort((a, b) => b.score - a.score);
  const groups = new Map();
  for (const p of people) {
    let g = groups.get(p.city);
    if (!g) { g = []; groups.set(p.city, g); }
    g.push(p);
  }
  const cities = new Set(people.map((p) => p.city));
  let checksum = 0;
  for (const [city, members] of groups) {
    members.sort((a, b) => a.score - b.score);
    checksum += members.length * city.length + Math.round(members[0].score);
  }
  const uniqueAges = [...new Set(byAge.map((p) => p.age))];
  const top = byScore.slice(0, 10).map((p) => p.id).reduce((a, b) => a + b, 0);
  const words = people.map((p) => p.city + ':' + p.age).sort();
  return checksum + cities.size + uniqueAges.length + top + words[words.length - 1].length;
});
