// Typesets TeX with MathJax 3, as Jupyter does, and reports every error.
// Input (stdin): a JSON list of {"tex": "...", "display": true|false}.
// Output (stdout): a JSON list with, for each input, null or the error MathJax raised.
// All of MathJax's TeX packages are loaded except the two that hide errors (noerrors, noundefined),
// so an unknown macro such as \verdict is an error here, as it is in a notebook; and bussproofs
// (proof trees), which needs an output stage: the TeX is converted to MathML, where errors arise.
const {mathjax} = require('mathjax-full/js/mathjax.js');
const {TeX} = require('mathjax-full/js/input/tex.js');
const {STATE} = require('mathjax-full/js/core/MathItem.js');
const {SerializedMmlVisitor} = require('mathjax-full/js/core/MmlTree/SerializedMmlVisitor.js');
const {liteAdaptor} = require('mathjax-full/js/adaptors/liteAdaptor.js');
const {RegisterHTMLHandler} = require('mathjax-full/js/handlers/html.js');
const {AllPackages} = require('mathjax-full/js/input/tex/AllPackages.js');

const adaptor = liteAdaptor();
RegisterHTMLHandler(adaptor);
const packages = AllPackages.filter((name) => !['noerrors', 'noundefined', 'bussproofs'].includes(name));
const tex = new TeX({packages, formatError: (jax, error) => { throw error; }});
const doc = mathjax.document('', {InputJax: tex});
const serialize = new SerializedMmlVisitor();

let input = '';
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', () => {
  const results = JSON.parse(input).map(({tex: source, display}) => {
    try {
      const math = doc.convert(source, {display, end: STATE.CONVERT});
      return serialize.visitTree(math).includes('merror') ? 'an error node in the output' : null;
    } catch (error) {
      return String(error.message || error);
    }
  });
  process.stdout.write(JSON.stringify(results));
});
