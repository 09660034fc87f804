'use strict'
// Directives that rely on ASI (semver, postcss, immer are written this way): probes inserted after
// them must not continue their statement. Strictness must hold, and toString must show the source.
function strictBody(a) {
  'use strict'
  return this === undefined ? a + 1 : -1
}
const expression = function () { "use strict"
  return typeof this }
const twoDirectives = () => {
  'use strict'
  'another directive'
  return [1, 2].map((x) => x * 3)
}
class WithMethod { m() { 'use strict'
  return 'method' } }
console.log(strictBody(1), expression(), twoDirectives(), new WithMethod().m())
console.log(strictBody.toString())
console.log(expression.toString())
try { undeclared = 1 } catch (e) { console.log('module is strict:', e instanceof ReferenceError) }
