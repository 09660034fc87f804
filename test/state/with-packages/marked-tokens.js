// Objects built inside a package's own code (marked, an ES module loaded with require()): the
// tokens its lexer returns must be rebuilt as the program sees them.
const { marked } = require('marked');

const tokens = marked.lexer('# Title\n\nSome *emphasis* and `code`.\n\n- one\n- two\n');
const heading = tokens[0];
const list = tokens.find((t) => t.type === 'list');
console.log('@state ' + JSON.stringify({ heading, list }));

heading.text = heading.text.toUpperCase();
list.items.pop();
console.log('@state ' + JSON.stringify({ heading, list }));
