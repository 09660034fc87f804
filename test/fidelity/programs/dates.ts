const d = new Date(Date.UTC(2020, 1, 29, 12, 30));
const copy = new Date(d);
copy.setUTCFullYear(2021);
console.log(d.toISOString(), copy.toISOString(), d.getUTCDay(), JSON.stringify({ d }));
console.log(new Date(NaN).getTime(), Number.isNaN(new Date('nonsense').valueOf()), d < copy);
