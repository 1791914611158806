/**
 * Counting votes. Pure functions: no database, no clock.
 *
 * Formal votes follow Civil Code art. 278 as SPEC.md "Polls and formal votes" states it:
 * - valid when the participating owners hold ≥ 2/3 of the total exclusive area AND are ≥ 2/3 of
 *   all owners by headcount;
 * - passed when 同意 holds > 1/2 (重大: ≥ 3/4) of the participating area AND of the participating
 *   headcount. Abstentions participate: they count in both denominators.
 * Areas are integers in 0.01 ㎡ and every comparison is an integer cross-multiplication, so
 * exactly 2/3 or exactly 3/4 is decided exactly (no float drift).
 *
 * Headcount: a person who owns several units is one owner; co-owners of one unit are one owner
 * (the unit votes once). So the owners are the groups of units linked by a shared verified
 * owner. A unit with no verified owner is still an owner in the totals (its owner exists and has
 * not voted), it just cannot vote yet.
 */

/** The formal choices, in option order: 1 同意, 2 反对, 3 弃权. */
export const FORMAL_OPTIONS = ['同意', '反对', '弃权'] as const;

/** A unit of the compound: its area, and its verified owners (empty: nobody verified yet). */
export interface TallyUnit {
  unitId: number;
  areaCenti: number;
  ownerIds: readonly string[];
}

/** A formal ballot: the unit and its choice (1 同意, 2 反对, 3 弃权). */
export interface FormalBallot {
  unitId: number;
  choice: number;
}

/** Area and headcount side by side. */
export interface Weight {
  areaCenti: number;
  owners: number;
}

export interface FormalTally {
  major: boolean;
  total: Weight;
  participating: Weight;
  yes: Weight;
  no: Weight;
  abstain: Weight;
  quorumArea: boolean;
  quorumOwners: boolean;
  passArea: boolean;
  passOwners: boolean;
  /** Valid (both quorum conditions) and passed (both pass conditions). */
  valid: boolean;
  passed: boolean;
}

/** Groups units into owners: units sharing a verified owner belong to one owner. */
function ownerOfUnit(units: readonly TallyUnit[]): Map<number, number> {
  const parent = new Map<number, number>(units.map((u) => [u.unitId, u.unitId]));
  const find = (x: number): number => {
    let root = x;
    while (parent.get(root) !== root) root = parent.get(root) as number;
    parent.set(x, root);
    return root;
  };
  const firstUnitOf = new Map<string, number>();
  for (const u of units) {
    for (const person of u.ownerIds) {
      const seen = firstUnitOf.get(person);
      if (seen === undefined) firstUnitOf.set(person, u.unitId);
      else parent.set(find(u.unitId), find(seen));
    }
  }
  return new Map(units.map((u) => [u.unitId, find(u.unitId)]));
}

/**
 * The art. 278 tally. An owner whose units voted differently counts, by headcount, for the choice
 * that carries the most of their voting area (ties: 同意 before 反对 before 弃权), and as one
 * participant either way.
 */
export function tallyFormal(
  units: readonly TallyUnit[],
  ballots: readonly FormalBallot[],
  major: boolean,
): FormalTally {
  const owner = ownerOfUnit(units);
  const areaOf = new Map(units.map((u) => [u.unitId, u.areaCenti]));
  const total: Weight = {
    areaCenti: units.reduce((s, u) => s + u.areaCenti, 0),
    owners: new Set(owner.values()).size,
  };
  const byChoice = [1, 2, 3].map(() => ({ areaCenti: 0, owners: 0 }));
  // Per owner: the area they put behind each choice.
  const ownerChoices = new Map<number, number[]>();
  for (const b of ballots) {
    const area = areaOf.get(b.unitId);
    const who = owner.get(b.unitId);
    const slot = byChoice[b.choice - 1];
    if (area === undefined || who === undefined || slot === undefined) continue;
    slot.areaCenti += area;
    const areas = ownerChoices.get(who) ?? [0, 0, 0];
    areas[b.choice - 1] = (areas[b.choice - 1] ?? 0) + area;
    ownerChoices.set(who, areas);
  }
  for (const areas of ownerChoices.values()) {
    let best = 0;
    for (let i = 1; i < 3; i++) if ((areas[i] ?? 0) > (areas[best] ?? 0)) best = i;
    (byChoice[best] as Weight).owners += 1;
  }
  const [yes, no, abstain] = byChoice as [Weight, Weight, Weight];
  const participating: Weight = {
    areaCenti: yes.areaCenti + no.areaCenti + abstain.areaCenti,
    owners: ownerChoices.size,
  };
  const quorumArea = total.areaCenti > 0 && participating.areaCenti * 3 >= total.areaCenti * 2;
  const quorumOwners = total.owners > 0 && participating.owners * 3 >= total.owners * 2;
  const passes = (part: number, whole: number) =>
    (major ? part * 4 >= whole * 3 : part * 2 > whole) && whole > 0;
  const passArea = passes(yes.areaCenti, participating.areaCenti);
  const passOwners = passes(yes.owners, participating.owners);
  const valid = quorumArea && quorumOwners;
  return {
    major,
    total,
    participating,
    yes,
    no,
    abstain,
    quorumArea,
    quorumOwners,
    passArea,
    passOwners,
    valid,
    passed: valid && passArea && passOwners,
  };
}

export interface QuickTally {
  /** Votes per option, in option order. */
  counts: number[];
  /** People who voted (a multi-choice ballot counts once here, once per option in `counts`). */
  voters: number;
}

/** Counts a quick poll: each ballot is a list of 1-based option numbers. */
export function tallyQuick(optionCount: number, ballots: readonly (readonly number[])[]): QuickTally {
  const counts = Array.from({ length: optionCount }, () => 0);
  for (const choices of ballots) {
    for (const c of new Set(choices))
      if (c >= 1 && c <= optionCount) counts[c - 1] = (counts[c - 1] ?? 0) + 1;
  }
  return { counts, voters: ballots.length };
}

/** `part / whole` as a percentage with one decimal, for display only ("66.7%"). */
export function percent(part: number, whole: number): string {
  if (whole <= 0) return '0%';
  const tenths = Math.floor((part * 1000 + Math.floor(whole / 2)) / whole);
  return `${Math.floor(tenths / 10)}${tenths % 10 === 0 ? '' : `.${tenths % 10}`}%`;
}
