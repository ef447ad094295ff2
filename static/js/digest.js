// The digest forms send the browser's time zone along (a hidden field), so the digest
// arrives at the chosen hour where the reader is.
(function () {
  "use strict";
  var zone = "";
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
  } catch (error) {
    zone = "";
  }
  document.querySelectorAll("input[data-browser-timezone]").forEach(function (input) {
    if (!input.value) {
      input.value = zone;
    }
  });
})();
