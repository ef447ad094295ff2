// Typeset LaTeX in elements marked data-math (KaTeX, served from /static/vendor/katex).
(function () {
  if (typeof renderMathInElement !== "function") return;
  document.querySelectorAll("[data-math]").forEach(function (element) {
    renderMathInElement(element, {
      delimiters: [
        { left: "$$", right: "$$", display: true },
        { left: "\\[", right: "\\]", display: true },
        { left: "$", right: "$", display: false },
        { left: "\\(", right: "\\)", display: false },
      ],
      throwOnError: false,
    });
  });
})();
