// Loaded just before RequireJS and embed-amd.js on pages that contain ipywidgets (it is
// the first entry of nb_ipywidgets_js in _config.yml). Two fixes for the offline site:
//
// 1. Where the widget manager's own files are. embed-amd.js finds the files it loads
//    itself (the Font Awesome fonts of the widget styles) relative to the URL RequireJS
//    assigns to its module "@jupyter-widgets/html-manager/dist/libembed-amd". By default
//    that URL is relative to the page, where the fonts do not exist. The RequireJS
//    configuration below maps the module to the folder that really holds embed-amd.js and
//    its fonts, computed from this script's own URL so that it works at any page depth,
//    from file:// and from a web server. (window.__jupyter_widgets_assets_path__ is the
//    manager's own override for assets it loads later; it gets the same folder.)
//
// 2. MathJax 3. The widgets typeset their labels with the MathJax 2 call
//    MathJax.Hub.Queue(["Typeset", MathJax.Hub, element]), which throws under MathJax 3
//    ("Cannot read properties of undefined (reading 'Queue')"). A small MathJax.Hub that
//    forwards to MathJax 3's typesetPromise is installed once MathJax 3 has loaded
//    (deferred scripts run before DOMContentLoaded; widgets render on window load).
(function () {
  var self = document.currentScript;
  if (self && self.src) {
    var folder = new URL("../vendor/jupyter-widgets/", self.src).href;
    window.__jupyter_widgets_assets_path__ = folder;
    if (typeof window.require === "undefined") {
      // A plain object named `require` is read by require.js as its initial configuration.
      window.require = {
        paths: { "@jupyter-widgets/html-manager/dist": folder.replace(/\/$/, "") }
      };
    }
  }

  function installHub() {
    var mj = window.MathJax;
    if (!mj || mj.Hub || !mj.startup || !mj.startup.promise) {
      return;  // no MathJax 3 on this page (yet), or a Hub already exists
    }
    mj.Hub = {
      Queue: function () {
        var elements = [];
        for (var i = 0; i < arguments.length; i++) {
          var job = arguments[i];
          if (Array.isArray(job) && job[0] === "Typeset" && job[2]) {
            elements.push(job[2]);
          }
        }
        if (elements.length) {
          // MathJax 3's default delimiters apply: math in a widget label must be
          // written \( \) or \[ \]; $ $ is left as text.
          mj.startup.promise
            .then(function () { return mj.typesetPromise(elements); })
            .catch(function (err) { console.warn("MathJax could not typeset a widget:", err); });
        }
      }
    };
  }
  document.addEventListener("DOMContentLoaded", installHub);
  window.addEventListener("load", installHub);
})();
