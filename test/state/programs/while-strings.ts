var out = '';
var count = 0;
while (count < 4) {
  out += String.fromCharCode(97 + count);
  count++;
  console.log('@state ' + JSON.stringify({ out, count }));
}
const unicode = 'héllo ✓ 😀';
const quote = 'say "hi"\n';
console.log('@state ' + JSON.stringify({ unicode, quote }));
