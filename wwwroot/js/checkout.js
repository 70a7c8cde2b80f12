// Keeps the booking summary's duration and price in step with the chosen duration (each option carries both).
(function () {
    "use strict";
    var select = document.querySelector("[data-checkout-duration]");
    var price = document.querySelector("[data-checkout-price]");
    var duration = document.querySelector("[data-checkout-duration-text]");
    if (!select || !price || !duration) {
        return;
    }
    select.addEventListener("change", function () {
        var chosen = select.options[select.selectedIndex];
        price.textContent = chosen.getAttribute("data-price");
        duration.textContent = chosen.getAttribute("data-duration");
    });
})();
