// Copy buttons (a share link, a calendar link) put text on the clipboard, or, where the
// browser will not (no permission, plain HTTP on a LAN address), select it for the person to copy.

/**
 * Copies `text`; when the clipboard refuses, focuses and selects `field` (the input or
 * textarea showing the text) instead. True when the text is on the clipboard.
 */
export async function copyText(text, field) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    field?.focus();
    field?.select();
    return false;
  }
}
