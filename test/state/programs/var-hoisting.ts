function hoist() {
  console.log('@state ' + JSON.stringify({ v, n }));
  var v = 'set';
  var n = 1;
  console.log('@state ' + JSON.stringify({ v, n }));
  if (n > 0) {
    var v = 'reassigned in block';
  }
  console.log('@state ' + JSON.stringify({ v }));
}
hoist();
