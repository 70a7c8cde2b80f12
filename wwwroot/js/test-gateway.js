// The built-in test gateway's hosted card fields. The card inputs have no name, so the form never posts them; on
// submit this script sends them to the gateway's token endpoint and posts only the token (Input.PaymentToken).
// A real processor's script would do the same from its own origin.
(function () {
    "use strict";
    var fields = document.querySelector("[data-card-fields]");
    var form = fields && fields.closest("form");
    if (!form) {
        return;
    }
    var token = form.querySelector("[data-card-token]");
    var cardChoice = form.querySelector("input[type=radio][value=card]");
    var button = form.querySelector("button[type=submit]");
    var sending = false;
    var tokenized = false;

    function input(name) {
        return fields.querySelector("[data-card=" + name + "]");
    }

    function showError(name, text) {
        var span = fields.querySelector("[data-card-error=" + name + "]");
        var field = input(name);
        if (span) {
            span.textContent = text || "";
        }
        if (field) {
            if (text) {
                field.setAttribute("aria-invalid", "true");
            } else {
                field.removeAttribute("aria-invalid");
            }
        }
    }

    function busy(on) {
        sending = on;
        if (button) {
            button.disabled = on;
            if (on) {
                button.setAttribute("aria-busy", "true");
            } else {
                button.removeAttribute("aria-busy");
            }
        }
    }

    // "4242424242424242" reads as "4242 4242 4242 4242" while typing; "1230" as "12 / 30".
    input("number").addEventListener("input", function (event) {
        var digits = event.target.value.replace(/\D/g, "").slice(0, 19);
        event.target.value = digits.replace(/(\d{4})(?=\d)/g, "$1 ");
    });
    input("expiry").addEventListener("input", function (event) {
        var digits = event.target.value.replace(/\D/g, "").slice(0, 4);
        event.target.value = digits.length > 2 ? digits.slice(0, 2) + " / " + digits.slice(2) : digits;
    });

    form.addEventListener("submit", function (event) {
        if (tokenized || !cardChoice || !cardChoice.checked) {
            return;
        }
        event.preventDefault();
        if (sending) {
            return;
        }
        ["number", "expiry", "cvc"].forEach(function (name) { showError(name, ""); });
        busy(true);
        fetch(fields.getAttribute("data-tokens-url"), {
            method: "POST",
            credentials: "omit",
            headers: { "Content-Type": "application/json", "Accept": "application/json" },
            body: JSON.stringify({ number: input("number").value, expiry: input("expiry").value, cvc: input("cvc").value })
        }).then(function (response) {
            return response.json().then(function (body) { return { ok: response.ok, body: body }; });
        }).then(function (answer) {
            if (answer.ok && answer.body.id) {
                token.value = answer.body.id;
                tokenized = true;
                form.submit();
                return;
            }
            busy(false);
            var errors = answer.body.errors || {};
            var first = null;
            ["number", "expiry", "cvc"].forEach(function (name) {
                if (errors[name]) {
                    showError(name, errors[name].join(" "));
                    first = first || input(name);
                }
            });
            if (!first) {
                showError("number", answer.body.detail || "The card could not be checked; try again.");
                first = input("number");
            }
            first.focus();
        }).catch(function () {
            busy(false);
            showError("number", "The payment processor did not answer; try again, or pay on completion.");
            input("number").focus();
        });
    });
})();
