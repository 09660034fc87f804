const a = require('./cycle-a.cjs');
exports.sawAPartial = a.done === false;
