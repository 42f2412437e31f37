import type { AnchorHTMLAttributes, MouseEvent } from "react";
import { isInPlaceNavigation } from "./clicks.js";
import { navigate } from "./location.js";

export type LinkProps = AnchorHTMLAttributes<HTMLAnchorElement> & { href: string };

/** A real link (opens in a new tab with the usual gestures) that navigates in place on a plain click. */
export function Link({ href, onClick, children, ...rest }: LinkProps) {
  function handleClick(event: MouseEvent<HTMLAnchorElement>): void {
    onClick?.(event);
    if (!isInPlaceNavigation(event, event.currentTarget.getAttribute("target"))) return;
    event.preventDefault();
    navigate(href);
  }
  return (
    <a href={href} onClick={handleClick} {...rest}>
      {children}
    </a>
  );
}
