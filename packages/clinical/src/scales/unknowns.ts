/**
 * Results from incomplete inputs, without imputation. Every value an unknown input could take is tried;
 * the result stands only when all of them agree (a patient on BiPAP has grade 4 CRS whatever the
 * unrecorded vasopressors), otherwise it is null and the reason names exactly the inputs that could
 * change it. This is what "a value the result needs" means in issue 3: a detail that cannot change the
 * answer is not needed.
 */

export interface Dimension<V> {
  /** Possible values, the absent or least severe one first; a single value when known. */
  values: readonly V[];
  /** The unknown inputs that leave this dimension open (empty when it is known). */
  fields: readonly string[];
}

export type Dimensions<D> = { [K in keyof D]: Dimension<D[K]> };

export function known<V>(value: V): Dimension<V> {
  return { values: [value], fields: [] };
}

export function open<V>(values: readonly V[], fields: readonly string[]): Dimension<V> {
  if (values.length === 0) throw new Error("an open dimension needs at least one possible value");
  return values.length === 1 ? known(values[0]!) : { values, fields };
}

export type Settled<D, R> =
  | {
      settled: true;
      result: R;
      /** The assignment the result was computed from: known values, and the first possible values of open ones. */
      assignment: D;
      /** Unknown inputs that turned out not to matter. */
      irrelevant: string[];
    }
  | {
      settled: false;
      /** Unknown inputs whose value could change the result. */
      needed: string[];
      /** The distinct results the unknown inputs allow, in enumeration order. */
      outcomes: R[];
    };

/**
 * Tries every combination of the dimensions' values (skipping those `possible` rules out, e.g. more days
 * ≤ 100/µL than ≤ 500/µL) and reports whether they all give the same result by `key`.
 */
export function settle<D extends Record<string, unknown>, R>(
  dims: Dimensions<D>,
  evaluate: (assignment: D) => R,
  key: (result: R) => string,
  possible: (assignment: D) => boolean = () => true,
): Settled<D, R> {
  const names = Object.keys(dims) as (keyof D & string)[];
  const sizes = names.map((name) => dims[name].values.length);
  const strides: number[] = [];
  let total = 1;
  for (const size of sizes) {
    strides.push(total);
    total *= size;
  }
  const keys: (string | undefined)[] = new Array(total);
  const outcomes = new Map<string, R>();
  let first: { result: R; assignment: D } | undefined;
  for (let index = 0; index < total; index++) {
    const assignment = {} as D;
    names.forEach((name, i) => {
      const digit = Math.floor(index / strides[i]!) % sizes[i]!;
      assignment[name] = dims[name].values[digit] as D[typeof name];
    });
    if (!possible(assignment)) continue;
    const result = evaluate(assignment);
    const k = key(result);
    keys[index] = k;
    if (!outcomes.has(k)) outcomes.set(k, result);
    first ??= { result, assignment };
  }
  if (!first) throw new Error("settle: no possible combination of the inputs");
  const openNames = names.filter((_, i) => sizes[i]! > 1);
  const fieldsOf = (list: readonly (keyof D & string)[]): string[] => [
    ...new Set(list.flatMap((name) => dims[name].fields)),
  ];
  if (outcomes.size === 1) {
    return { settled: true, ...first!, irrelevant: fieldsOf(openNames) };
  }
  const matters = openNames.filter((name) => {
    const i = names.indexOf(name);
    const stride = strides[i]!;
    for (let index = 0; index < total; index++) {
      if (Math.floor(index / stride) % sizes[i]! !== 0) continue;
      const values = new Set<string>();
      for (let digit = 0; digit < sizes[i]!; digit++) {
        const k = keys[index + digit * stride];
        if (k !== undefined) values.add(k);
      }
      if (values.size > 1) return true;
    }
    return false;
  });
  return { settled: false, needed: fieldsOf(matters), outcomes: [...outcomes.values()] };
}

/** Reason suffix for unknown inputs that could not change the result. */
export function irrelevantNote(fields: readonly string[]): string {
  return fields.length > 0 ? `; ${fields.join(", ")} not recorded (cannot change the result)` : "";
}

/** Reason for a result left open by unknown inputs. */
export function unsettledReason(
  scale: string,
  needed: readonly string[],
  outcomes: readonly string[],
): string {
  const choices =
    outcomes.length <= 2
      ? outcomes.join(" or ")
      : `${outcomes.slice(0, -1).join(", ")} or ${outcomes.at(-1)}`;
  return `${scale} not determined: missing ${needed.join(", ")} (could be ${choices})`;
}
