// Typeset LaTeX in elements marked data-math (KaTeX, served from /static/vendor/katex).
// data-math="inline" (titles and excerpts in lists) sets display math inline too,
// so a card keeps the shape of a line of text.
(function () {
  if (typeof renderMathInElement !== "function") return;
  function delimiters(inline) {
    return [
      { left: "$$", right: "$$", display: !inline },
      { left: "\\[", right: "\\]", display: !inline },
      { left: "$", right: "$", display: false },
      { left: "\\(", right: "\\)", display: false },
    ];
  }
  document.querySelectorAll("[data-math]").forEach(function (element) {
    var inline = element.dataset.math === "inline";
    // Only elements with a delimiter: auto-render walks every text node it is given.
    if (!/\$|\\\(|\\\[/.test(element.textContent)) return;
    renderMathInElement(element, { delimiters: delimiters(inline), throwOnError: false });
  });
})();
