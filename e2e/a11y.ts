import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

/** The rules checked: WCAG 2.0, 2.1 and 2.2, levels A and AA. */
export const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/**
 * Runs axe-core over the whole page as it is now and fails with each violation named (rule, impact, the elements
 * and what axe says to fix), so that a failure reads as a to-do list. `state` names the state in the message.
 */
export async function expectNoAxeViolations(page: Page, state = ""): Promise<void> {
  // Legacy mode: axe runs in the page (and its frames, all of this origin) and finishes there, instead of opening a
  // blank page in the context to finish each run, which only cross-origin frames need. Measured: a check took half
  // the time (0.45–1.9 s against 0.9–4.0 s a state), the same rules and tags.
  const { violations } = await new AxeBuilder({ page }).withTags(WCAG_TAGS).setLegacyMode(true).analyze();
  const found = violations.map((v) => ({
    rule: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map((n) => `${n.target.join(" ")}: ${n.failureSummary?.replace(/\s+/g, " ")}`),
  }));
  expect(found, `axe violations${state ? ` (${state})` : ""}`).toEqual([]);
}

/** The page scrolls sideways as a whole: wide things must scroll inside their own box instead. */
export function pageOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}
