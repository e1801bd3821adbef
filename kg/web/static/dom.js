/* What every page of kg serve builds its DOM with: text only ever goes in through textContent. */
"use strict";
window.KG = {
  el: function (tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  },
  clear: function (e) { while (e.firstChild) { e.removeChild(e.firstChild); } return e; },
  /* "{n} positions" with {n} replaced, as plain text */
  fill: function (s, args) {
    Object.keys(args || {}).forEach(function (k) { s = s.split("{" + k + "}").join(String(args[k])); });
    return s;
  }
};
