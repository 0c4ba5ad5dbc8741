// Conditional reveal for radios: show the questions under the chosen answer, hide the rest.
//
// GOV.UK Frontend's radios module does this too, but it also sets aria-expanded on each radio,
// which ARIA does not allow there (axe: aria-allowed-attr). This is the same behaviour without
// that attribute; aria-controls still ties each radio to the questions it reveals. Without
// JavaScript every question stays visible (the hiding class only applies to supported browsers).
for (const group of document.querySelectorAll('[data-module="app-reveal"]')) {
  const sync = () => {
    for (const input of group.querySelectorAll('input[type="radio"][aria-controls]')) {
      const target = document.getElementById(input.getAttribute('aria-controls'))
      if (target) target.classList.toggle('govuk-radios__conditional--hidden', !input.checked)
    }
  }
  group.addEventListener('change', sync)
  sync()
}
