const record: Record<string, number> = { keep: 1, drop: 2, also: 3 };
delete record.drop;
console.log('@state ' + JSON.stringify({ record }));
const key = 'also';
delete record[key];
record.added = 4;
console.log('@state ' + JSON.stringify({ record }));
