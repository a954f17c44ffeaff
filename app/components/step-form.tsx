import { Form, useNavigation } from "@remix-run/react";

/**
 * One step of a lifecycle as a button posting `intent=step` with the event and the record's revision; a step
 * that needs a reason opens a small form asking for it first. The order page and the work-order page use it.
 */
export function LifecycleStepForm({
  event,
  revision,
  label,
  reasonLabel,
  needsReason,
  tone,
}: {
  event: string;
  revision: number;
  label: string;
  reasonLabel: string;
  needsReason: boolean;
  tone?: "primary" | "danger";
}) {
  const navigation = useNavigation();
  const button = (
    <button type="submit" className={tone} disabled={navigation.state === "submitting"}>
      {label}
    </button>
  );
  const hidden = (
    <>
      <input type="hidden" name="intent" value="step" />
      <input type="hidden" name="event" value={event} />
      <input type="hidden" name="revision" value={revision} />
    </>
  );
  if (!needsReason) {
    return (
      <Form method="post">
        {hidden}
        {button}
      </Form>
    );
  }
  return (
    <details className="step-with-reason">
      <summary>{label}</summary>
      <Form method="post" className="stack">
        {hidden}
        <div className="field">
          <label htmlFor={`reason-${event}`}>{reasonLabel}</label>
          <textarea id={`reason-${event}`} name="reason" required rows={2} />
        </div>
        {button}
      </Form>
    </details>
  );
}
