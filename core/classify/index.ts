/**
 * Class and category of a ticket from the owner's own words (SPEC "Owners' own words"): the
 * trained model (./model.ts) decides, the keyword rules' major entries (./rules.ts) sit on top
 * so that an emergency is never 一般, and an unsure answer is marked provisional so that staff
 * confirm it with `/改 #n` while the stricter clock runs.
 */
import { featureIds, type Model, type Ranked, scoreHead, shippedModel } from './model.js';
import {
  classRank,
  normalizeTicketText,
  rulesVerdict,
  type TicketCategory,
  type TicketClass,
  ticketCategories,
  ticketClasses,
} from './rules.js';

export * from './rules.js';

/** What {@link classifyTicket} decided, and how sure it is. */
export interface TicketGuess {
  category: TicketCategory;
  ticketClass: TicketClass;
  /** The keywords that fired, for /进度 and debugging. */
  matched: string[];
  /**
   * True when the class should be confirmed by a manager or committee member (`/改 #n`): the
   * model's top two classes were close and no complex or major rule backs the first, the model
   * gave major at least its major floor without ranking it first, or a safety rule overruled the
   * model.
   */
  provisional: boolean;
  /**
   * The classes still in the running, the chosen one first; one when sure. Until confirmed the
   * ticket is held to the earliest deadline among them (the stricter clock).
   */
  candidates: TicketClass[];
  /** Probability the model gave its top class, for the log. */
  confidence: number;
  /** True when a safety rule made the class major against the model. */
  overruled: boolean;
}

function isClass(s: string): s is TicketClass {
  return (ticketClasses as readonly string[]).includes(s);
}

function isCategory(s: string): s is TicketCategory {
  return (ticketCategories as readonly string[]).includes(s);
}

/** The model's own view of a text, before the safety rules: classes and categories, most likely first. */
export function modelView(
  text: string,
  model: Model = shippedModel(),
): { classes: Ranked; categories: Ranked } {
  return viewOfNormalized(normalizeTicketText(text), model);
}

function viewOfNormalized(
  normalized: string,
  model: Model,
  fired?: readonly number[],
): { classes: Ranked; categories: Ranked } {
  const ids = featureIds(model, normalized, fired);
  return { classes: scoreHead(model.ticketClass, ids), categories: scoreHead(model.category, ids) };
}

/**
 * Class and category of a ticket text. The model's answer, except: when a safety rule (a major
 * keyword rule) fires and the model did not say major, the class is major with the rule's
 * category, provisional; and when the model hesitates between two classes, one of them major,
 * or gives major at least the model's major floor, the ticket is major (provisional) until
 * someone confirms.
 */
export function classifyTicket(text: string, model: Model = shippedModel()): TicketGuess {
  // Normalized once: the traditional-to-simplified conversion is most of a call's cost.
  const normalized = normalizeTicketText(text);
  // One pass over the keyword rules serves both their verdict and the model's rule features.
  const { classification: rules, fired } = rulesVerdict(normalized);
  const view = viewOfNormalized(normalized, model, fired);
  const classes = view.classes.filter((r) => isClass(r.label));
  const categories = view.categories.filter((r) => isCategory(r.label));
  const [top, second] = classes;
  const topCategory = categories[0]?.label;
  if (!top || !second || topCategory === undefined || !isClass(top.label) || !isClass(second.label)) {
    // Only a broken model file gets here; the rules alone still answer.
    return { ...rules, provisional: true, candidates: [rules.ticketClass], confidence: 0, overruled: false };
  }
  let ticketClass: TicketClass = top.label;
  let category = topCategory as TicketCategory;
  // Close call: unless a complex or major keyword rule names the same class (停车规划 is
  // complex however the model hesitates), staff are asked to confirm. The general rules are
  // catch-alls (坏了, 暖气) and back nothing.
  const backed = rules.ticketClass !== 'general' && rules.ticketClass === top.label;
  const unsure = top.p - second.p < model.unsureMargin && !backed;
  const candidates = new Set<TicketClass>(unsure ? [top.label, second.label] : [top.label]);
  // The major floor: 重大 likely enough to hold the ticket to its clock until staff say otherwise.
  const majorP = classes.find((r) => r.label === 'major')?.p ?? 0;
  if (top.label !== 'major' && majorP >= model.majorFloor) candidates.add('major');
  let overruled = false;
  if (rules.ticketClass === 'major' && ticketClass !== 'major') {
    overruled = true;
    ticketClass = 'major';
    category = rules.category;
    candidates.add('major');
  } else if (candidates.has('major')) {
    ticketClass = 'major';
  }
  const ordered = [ticketClass, ...[...candidates].filter((c) => c !== ticketClass)].sort((a, b) =>
    a === ticketClass ? -1 : b === ticketClass ? 1 : classRank[b] - classRank[a],
  );
  return {
    category,
    ticketClass,
    matched: rules.matched,
    provisional: ordered.length > 1,
    candidates: ordered,
    confidence: top.p,
    overruled,
  };
}
