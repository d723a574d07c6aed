/* Accessibility fix for the theme: Material's search overlay has role="dialog" but no name
   (axe aria-dialog-name), so screen readers announce an unnamed dialog. Give it a name. */
(function () {
  "use strict";
  function nameSearchDialog() {
    document.querySelectorAll(".md-search[role='dialog']:not([aria-label]):not([aria-labelledby])")
      .forEach(function (dialog) { dialog.setAttribute("aria-label", "Search this site"); });
  }
  if (typeof document$ !== "undefined" && document$.subscribe) {
    document$.subscribe(nameSearchDialog);
  } else {
    nameSearchDialog();
  }
})();
