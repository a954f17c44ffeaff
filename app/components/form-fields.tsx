import type { FieldMetadata } from "@conform-to/react";
import { useEffect, useState, type ReactNode } from "react";
import { REGIONS } from "../domain/organizations/regions";
import { useT } from "../i18n/use-t";

/** A field of any value type that is typed as text in the browser (numbers and dates included). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type TextLikeField = FieldMetadata<any>;

type InputType = "text" | "email" | "password" | "tel" | "url" | "search" | "number" | "date" | "datetime-local";

export function FieldErrors({ id, errors }: { id: string; errors: string[] | undefined }) {
  const { te } = useT();
  if (!errors?.length) return null;
  return (
    <p id={id} className="field-error" role="alert">
      {errors.map((e) => te(e)).join(" ")}
    </p>
  );
}

export function FormErrors({ id, errors }: { id?: string; errors: string[] | undefined }) {
  const { te } = useT();
  if (!errors?.length) return null;
  return (
    <div id={id} className="form-error" role="alert">
      {errors.map((e) => (
        <p key={e}>{te(e)}</p>
      ))}
    </div>
  );
}

/**
 * What a form control needs from its conform field: id, name, its key (so a reset remounts it), the initial
 * value, and the error wiring. conform's getInputProps also reads the nine HTML constraints of the field;
 * Pasok gives conform none (the server validates), and each read builds a fresh metadata proxy, which made a
 * hundred-field page spend most of its render there (`npm run bench:pages`).
 */
export function controlProps(meta: TextLikeField, ariaDescribedBy?: string) {
  const errors = meta.errors;
  const initial: unknown = meta.initialValue;
  return {
    key: meta.key,
    id: meta.id,
    name: meta.name,
    defaultValue: typeof initial === "string" ? initial : undefined,
    "aria-invalid": errors ? true : undefined,
    "aria-describedby": errors ? `${meta.errorId} ${ariaDescribedBy ?? ""}`.trim() : ariaDescribedBy,
    errors,
  };
}

/**
 * The field's HTML constraints from the form's schema (`useForm({ constraint: zodConstraint(Schema) })`):
 * required, and the length or range the server will check. Only the four a browser shows or uses are read.
 */
export function constraintProps(meta: TextLikeField, kind: "text" | "number" | "choice" = "text") {
  const required = meta.required || undefined;
  if (kind === "choice") return { required };
  if (kind === "number") return { required, min: meta.min, max: meta.max };
  return { required, maxLength: meta.maxLength };
}

export function TextField({
  meta,
  label,
  type = "text",
  hint,
  autoComplete,
  inputMode,
  resetKey,
}: {
  meta: TextLikeField;
  label: string;
  type?: InputType;
  hint?: ReactNode;
  autoComplete?: string;
  inputMode?: "numeric" | "tel" | "email" | "url" | "text";
  /** Changing it remounts the input empty (see useReplyCount). */
  resetKey?: number;
}) {
  const hintId = `${meta.id}-hint`;
  const { key, errors, ...props } = controlProps(meta, hint ? hintId : undefined);
  return (
    <div className="field">
      <label htmlFor={props.id}>{label}</label>
      <input
        {...props}
        {...constraintProps(meta, type === "number" ? "number" : type === "date" || type === "datetime-local" ? "choice" : "text")}
        type={type}
        key={`${key ?? ""}-${resetKey ?? 0}`}
        autoComplete={autoComplete}
        inputMode={inputMode}
      />
      {hint ? (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      <FieldErrors id={`${props.id}-error`} errors={errors} />
    </div>
  );
}

export function TextAreaField({ meta, label }: { meta: FieldMetadata<string>; label: string }) {
  const { key, errors, ...props } = controlProps(meta);
  return (
    <div className="field">
      <label htmlFor={props.id}>{label}</label>
      <textarea {...props} {...constraintProps(meta)} key={key} rows={3} />
      <FieldErrors id={`${props.id}-error`} errors={errors} />
    </div>
  );
}

export function SelectField({
  meta,
  label,
  options,
  placeholder,
}: {
  meta: TextLikeField;
  label: string;
  options: { value: string; label: string }[];
  placeholder?: string;
}) {
  const { key, errors, ...props } = controlProps(meta);
  return (
    <div className="field">
      <label htmlFor={props.id}>{label}</label>
      <select {...props} {...constraintProps(meta, "choice")} key={key}>
        {placeholder ? <option value="">{placeholder}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldErrors id={`${props.id}-error`} errors={errors} />
    </div>
  );
}

/**
 * Counts the server's answers to a form. Given to a password field as `resetKey`, it remounts the input
 * empty after each answer: the server never sends a password back, and with JavaScript the browser would
 * otherwise keep what was typed.
 */
export function useReplyCount(lastResult: unknown): number {
  const [count, setCount] = useState(0);
  useEffect(() => {
    if (lastResult) setCount((c) => c + 1);
  }, [lastResult]);
  return count;
}

/** True once React runs in the browser: before that (or without JS) pages must work as plain HTML. */
export function useHydrated(): boolean {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}

/**
 * Province and regency/city from Kemendagri's codes. Without JavaScript the regency list holds every
 * regency grouped by province; with it, only the chosen province's. The server checks they match.
 */
export function RegionFields({
  province,
  regency,
}: {
  province: FieldMetadata<string>;
  regency: FieldMetadata<string>;
}) {
  const { t } = useT();
  const hydrated = useHydrated();
  const { key: provinceKey, errors: provinceErrors, ...provinceProps } = controlProps(province);
  const { key: regencyKey, errors: regencyErrors, ...regencyProps } = controlProps(regency);
  const [provinceCode, setProvinceCode] = useState(provinceProps.defaultValue ?? "");
  const regions = REGIONS;
  const groups = regions.provinces
    .filter((p) => !hydrated || p.code === provinceCode)
    .map((p) => ({ province: p, regencies: regions.regencies.filter((r) => r.provinceCode === p.code) }));

  return (
    <div className="field-row">
      <div className="field">
        <label htmlFor={provinceProps.id}>{t("field.province")}</label>
        <select {...provinceProps} key={provinceKey} onChange={(e) => setProvinceCode(e.currentTarget.value)}>
          <option value="">{t("field.choose")}</option>
          {regions.provinces.map((p) => (
            <option key={p.code} value={p.code}>
              {p.name}
            </option>
          ))}
        </select>
        <FieldErrors id={`${provinceProps.id}-error`} errors={provinceErrors} />
      </div>
      <div className="field">
        <label htmlFor={regencyProps.id}>{t("field.regency")}</label>
        <select {...regencyProps} key={regencyKey}>
          <option value="">{t("field.choose")}</option>
          {groups.map((g) => (
            <optgroup key={g.province.code} label={g.province.name}>
              {g.regencies.map((r) => (
                <option key={r.code} value={r.code}>
                  {r.name}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
        <FieldErrors id={`${regencyProps.id}-error`} errors={regencyErrors} />
      </div>
    </div>
  );
}

/** Checkboxes for a list of codes (e.g. processes), as one labelled group. */
export function CheckboxGroup({
  meta,
  label,
  options,
}: {
  meta: FieldMetadata<string[] | undefined>;
  label: string;
  options: { value: string; label: string }[];
}) {
  // The field's props are read once for the group, not once per box: every read of a conform field is a
  // new proxy that records what the render used, and forty boxes of it cost milliseconds per page.
  const { key: _key, defaultValue: _value, errors, id, ...shared } = controlProps(meta);
  // What was posted may be anything (a crafted form can nest fields): only strings are choices.
  const initial: unknown = meta.initialValue;
  const chosen = new Set((Array.isArray(initial) ? initial : [initial]).filter((v): v is string => typeof v === "string"));
  return (
    <div className="field" role="group" aria-labelledby={`${id}-label`}>
      <span className="label" id={`${id}-label`}>
        {label}
      </span>
      <div className="checkbox-grid">
        {options.map((o) => (
          <label key={o.value} className="checkbox">
            <input {...shared} type="checkbox" id={`${id}-${o.value}`} value={o.value} defaultChecked={chosen.has(o.value)} />
            {o.label}
          </label>
        ))}
      </div>
      <FieldErrors id={`${id}-error`} errors={errors} />
    </div>
  );
}

/** A file input; files are never sent back by the server, so after a refusal the user chooses it again. */
export function FileInput({
  meta,
  label,
  accept,
  hint,
}: {
  meta: FieldMetadata<File | undefined>;
  label: ReactNode;
  accept: string;
  hint?: ReactNode;
}) {
  const { t } = useT();
  return (
    <div className="field">
      <label htmlFor={meta.id}>{label}</label>
      <input
        type="file"
        id={meta.id}
        name={meta.name}
        accept={accept}
        aria-invalid={meta.errors ? true : undefined}
        aria-describedby={meta.errors ? meta.errorId : `${meta.id}-hint`}
      />
      <p className="hint" id={`${meta.id}-hint`}>
        {hint ?? t("listing.fileRules")}
      </p>
      <FieldErrors id={meta.errorId} errors={meta.errors} />
    </div>
  );
}
