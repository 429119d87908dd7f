// Adds a "Print this page" button where a page asks for one. Loaded from this site (the Content
// Security Policy allows no inline handlers); without JavaScript the browser's own Print works.
for (const slot of document.querySelectorAll('.app-print-action')) {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'govuk-button govuk-button--secondary';
  button.textContent = slot.getAttribute('data-print-label') || 'Print this page';
  button.addEventListener('click', () => window.print());
  slot.appendChild(button);
}
