import { type FormEvent, useEffect, useRef, useState } from "react";
import { ApiError } from "../api/ApiError.js";
import { postJson } from "../api/fetchJson.js";
import { scaleApiPath } from "../api/paths.js";
import { CalculatorResult } from "./CalculatorResult.js";
import { FieldInput, QuantityInput } from "./FieldInput.js";
import {
  buildRequest,
  type FormState,
  formItems,
  initialFormState,
  inputSetLabel,
  inputSets,
  visibleFields,
} from "./formModel.js";
import { issueText, mapIssues } from "./issues.js";
import type { ScaleDocument, ScaleIssue, ScaleResult } from "./scaleTypes.js";

type Outcome =
  | { status: "idle" }
  | { status: "pending" }
  | { status: "scored"; result: ScaleResult }
  | { status: "refused"; message: string; issues: ScaleIssue[] }
  | { status: "failed"; error: ApiError };

/** A scale's form, generated from its schema document; Calculate posts it and shows the answer below. */
export function CalculatorForm({ scale }: { scale: ScaleDocument }) {
  const [state, setState] = useState<FormState>(() => initialFormState(scale));
  const [outcome, setOutcome] = useState<Outcome>({ status: "idle" });
  const inFlight = useRef<AbortController | null>(null);
  useEffect(() => () => inFlight.current?.abort(), []);

  const sets = inputSets(scale);
  const fields = visibleFields(scale, state.inputSet);
  const mapped = mapIssues(
    outcome.status === "refused" ? outcome.issues : [],
    fields.map((f) => f.name),
  );

  async function calculate(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    const built = buildRequest(scale, state);
    if (!built.ok) {
      setOutcome({ status: "refused", message: "Some values could not be read.", issues: built.issues });
      return;
    }
    inFlight.current?.abort();
    const controller = new AbortController();
    inFlight.current = controller;
    setOutcome({ status: "pending" });
    try {
      const result = await postJson<ScaleResult>(scaleApiPath(scale.scale), built.body, controller.signal);
      setOutcome({ status: "scored", result });
    } catch (error) {
      if (controller.signal.aborted) return;
      if (error instanceof ApiError && error.status === 400) {
        setOutcome({ status: "refused", message: error.message, issues: [...error.issues] });
      } else {
        const failure =
          error instanceof ApiError
            ? error
            : new ApiError(0, "client", error instanceof Error ? error.message : String(error));
        setOutcome({ status: "failed", error: failure });
      }
    }
  }

  return (
    <>
      <form className="panel calc-form" data-testid="calculator-form" noValidate onSubmit={calculate}>
        {sets !== null ? (
          <fieldset className="calc-input-sets" data-testid="calculator-input-sets">
            <legend>Give one of</legend>
            {sets.map((group, index) => (
              <label key={group.join(",")} className="field-check">
                <input
                  type="radio"
                  name="input-set"
                  value={index}
                  checked={state.inputSet === index}
                  onChange={() => setState({ ...state, inputSet: index })}
                />{" "}
                {inputSetLabel(scale, group)}
              </label>
            ))}
          </fieldset>
        ) : null}
        {formItems(fields).map((item) =>
          item.kind === "field" ? (
            <FieldInput
              key={item.field.name}
              field={item.field}
              state={state}
              onChange={setState}
              issues={mapped.byField[item.field.name] ?? []}
            />
          ) : (
            <QuantityInput
              key={item.quantity}
              quantity={item.quantity}
              fields={item.fields}
              state={state}
              onChange={setState}
              issues={item.fields.flatMap((f) => mapped.byField[f.name] ?? [])}
            />
          ),
        )}
        <div className="calc-actions">
          <button type="submit" className="button-primary" disabled={outcome.status === "pending"}>
            Calculate
          </button>
          {outcome.status === "pending" ? (
            <span className="muted" role="status">
              Calculating…
            </span>
          ) : null}
        </div>
      </form>
      {outcome.status === "refused" ? (
        <div className="status status-error" role="alert" data-testid="calculator-error">
          <p>
            <strong>Not calculated.</strong> {outcome.message}
          </p>
          {mapped.general.length > 0 ? (
            <ul>
              {mapped.general.map((issue) => (
                <li key={issue.field + issue.rule + issue.message}>
                  <code className="field-name">{issue.field}</code>: {issueText(issue)}
                </li>
              ))}
            </ul>
          ) : (
            <p className="status-detail">Each problem is shown next to its field.</p>
          )}
        </div>
      ) : null}
      {outcome.status === "failed" ? (
        <div className="status status-error" role="alert" data-testid="calculator-error">
          <p>
            <strong>Could not calculate.</strong> {outcome.error.message}
          </p>
          {outcome.error.status > 0 ? (
            <p className="status-detail">
              HTTP {outcome.error.status} · {outcome.error.code}
            </p>
          ) : null}
        </div>
      ) : null}
      {outcome.status === "scored" ? <CalculatorResult scale={scale} result={outcome.result} /> : null}
    </>
  );
}
