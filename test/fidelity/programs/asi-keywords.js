// Automatic semicolon insertion and contextual keywords as identifiers: lines opening with ( [ `
// ++ and -, return followed by a newline, do-while without semicolons, labels, let/yield/await/
// async/get/set/static as names, Annex B function in if.
var log = []
var a = 1
var b = a
++b
log.push(a, b)
var c = a
;[1, 2].forEach(function (x) { log.push(x) })
var d = 'x'
;(function () { log.push('iife') })()
var t = `tmpl`
log.push(t)
function r() {
  return
  42
}
log.push(r())
var let_ = 1; var let2 = { let: 1 }.let
log.push(let_ + let2)
var yield_ = function () { var yield = 5; return yield }()
log.push(yield_)
var await = 3
log.push(await)
var async = function (x) { return x * 2 }
log.push(async(4))
var o = { get: 1, set: 2, static: 3, async: 4, await: 5, of: 6, get get() { return 'g' } }
log.push(o.get, o.set, o.static, o.of)
class K { static static() { return 's' } get() { return 'm' } static async async() { return 'aa' } 'constructor'() { this.x = 1 } }
log.push(K.static(), new K().get(), new K().x)
var i = 0
do i++
while (i < 3)
log.push(i)
x: for (var j = 0; j < 3; j++) { for (;;) { continue x } }
log.push(j)
if (a) function annexB() { return 'annexB' }
log.push(typeof annexB)
var re = 4 / 2 / 1
var re2 = /=/g.test('a=b')
log.push(re, re2)

var n = a
-1
log.push(n)
var arrow = () =>
  ({ obj: true })
log.push(arrow().obj)
var e = a ? b : c
log.push(e)
var str = 'semi;colon'; log.push(str)
label1:
label2: for (var q of [1]) { break label1 }
log.push(q)
var z = (1, 2, 3)
log.push(z)
switch (a) { case 1: log.push('one') 
  default: log.push('dflt') }
with_ = 1
var with_
log.push(with_)
log.push(typeof undeclaredThing)
try { undeclaredThing } catch (err) { log.push(err.name) }
var f = function () { return this }.call(undefined) === globalThis
log.push(f)
console.log(log.join(' '))
