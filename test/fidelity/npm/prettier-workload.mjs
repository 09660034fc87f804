// prettier (a code formatter from npm): format JavaScript and TypeScript source.
import * as prettier from 'prettier';
const js = `const   add=(a,b)=>{return a+b}
function   long(first,second,third,fourth,fifth,sixth){ if(first){return [first,second,third,fourth,fifth,sixth].map(x=>x*2).filter(Boolean)} else {return null}}
class  A{ #x=1; get x(){return this.#x} }`;
const ts = `interface  P{ a:number; b?:string }
export const f=<T,>(x:T):T=>x; enum E{A,B}`;
console.log(await prettier.format(js, { parser: 'babel', semi: false, singleQuote: true }));
console.log(await prettier.format(ts, { parser: 'typescript' }));
try { await prettier.format('const = ;', { parser: 'babel' }); } catch (e) { console.log(e.name, e.loc?.start); }
