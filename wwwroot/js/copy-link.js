// "Copy link" buttons: <button data-copy="input-id"> copies that input's value and says so in the matching
// [data-copy-status] region. Without the clipboard API (plain http, old browsers) the text is selected for copying by hand.
(function () {
    "use strict";

    function say(id, text) {
        var status = document.querySelector('[data-copy-status="' + id + '"]');
        if (status) {
            status.textContent = text;
        }
    }

    document.addEventListener("click", function (event) {
        var button = event.target.closest("button[data-copy]");
        if (!button) {
            return;
        }
        var id = button.getAttribute("data-copy");
        var input = document.getElementById(id);
        if (!input) {
            return;
        }
        input.select();
        if (navigator.clipboard && window.isSecureContext) {
            navigator.clipboard.writeText(input.value).then(
                function () { say(id, "Copied."); },
                function () { say(id, "Press Ctrl+C (or ⌘C) to copy the selected link."); });
        } else {
            say(id, "Press Ctrl+C (or ⌘C) to copy the selected link.");
        }
    });
})();
