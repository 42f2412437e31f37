import { useDictionary } from "../dictionary/DictionaryContext.js";
import { Link } from "../router/Link.js";
import { CALCULATORS_PAGE_PATH, LAB_PAGE_PATH } from "../router/routes.js";

export function AppHeader() {
  const { studyName } = useDictionary();
  return (
    <header className="app-header">
      <Link href="/" className="app-brand" aria-label="carta — study at a glance">
        carta
      </Link>
      <span className="app-study" data-testid="study-name">
        {studyName}
      </span>
      <nav className="app-nav" aria-label="Main">
        <Link href="/">Study at a glance</Link>
        <Link href={CALCULATORS_PAGE_PATH} data-testid="nav-calculators">
          Calculators
        </Link>
        <Link href={LAB_PAGE_PATH} data-testid="nav-lab">
          Model lab
        </Link>
      </nav>
    </header>
  );
}
