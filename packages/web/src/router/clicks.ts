/** The parts of a click that decide whether the router may take it over. */
export interface LinkClick {
  button: number;
  metaKey: boolean;
  ctrlKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
  defaultPrevented: boolean;
}

/**
 * Only a plain left click navigates in place; with a modifier or another button the browser keeps its
 * own behaviour (new tab, new window, download), which is why links are real <a href> elements.
 */
export function isInPlaceNavigation(click: LinkClick, target: string | null): boolean {
  if (click.defaultPrevented || click.button !== 0) return false;
  if (click.metaKey || click.ctrlKey || click.shiftKey || click.altKey) return false;
  return target === null || target === "" || target === "_self";
}
