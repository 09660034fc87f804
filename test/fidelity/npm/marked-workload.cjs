// marked (a Markdown parser, from npm): an ES module package, loaded here with require(), which
// Node >= 20.19 allows and the recorder once broke.
const { marked } = require('marked');
const doc = ['# Title', '', 'Some *emphasis*, **strong** and `code`.', '', '- a', '- b', '  - nested', '', '```js', 'const x = 1;', '```', '',
  '| a | b |', '|---|---|', '| 1 | 2 |', '', '> quote', '', '[link](http://example.com "t")', ''].join('\n');
let html = '';
for (let i = 0; i < 10; i++) html = marked.parse(`${doc}\n${i}. item`);
console.log(html);
console.log(marked.lexer('*x* and _y_').map((t) => t.type).join(','));
