function classify(v: number) {
  let label = 'none';
  switch (v % 3) {
    case 0: {
      const kind = 'fizz';
      label = kind;
      console.log('@state ' + JSON.stringify({ v, kind, label }));
      break;
    }
    default: {
      const kind = 'plain';
      label = kind + v;
      console.log('@state ' + JSON.stringify({ v, kind, label }));
    }
  }
  if (label !== 'none') {
    const seen = true;
    console.log('@state ' + JSON.stringify({ label, seen }));
  }
}
for (const v of [3, 4]) classify(v);
