import { getInputProps, getSelectProps, getTextareaProps, type FieldMetadata } from "@conform-to/react";
import { useEffect, useState, type ReactNode } from "react";
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
  const props = getInputProps(meta, { type, ariaDescribedBy: hint ? hintId : undefined });
  return (
    <div className="field">
      <label htmlFor={meta.id}>{label}</label>
      <input {...props} key={`${props.key ?? ""}-${resetKey ?? 0}`} autoComplete={autoComplete} inputMode={inputMode} />
      {hint ? (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      <FieldErrors id={meta.errorId} errors={meta.errors} />
    </div>
  );
}

export function TextAreaField({ meta, label }: { meta: FieldMetadata<string>; label: string }) {
  const props = getTextareaProps(meta);
  return (
    <div className="field">
      <label htmlFor={meta.id}>{label}</label>
      <textarea {...props} key={props.key} rows={3} />
      <FieldErrors id={meta.errorId} errors={meta.errors} />
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
  const props = getSelectProps(meta);
  return (
    <div className="field">
      <label htmlFor={meta.id}>{label}</label>
      <select {...props} key={props.key}>
        {placeholder ? <option value="">{placeholder}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldErrors id={meta.errorId} errors={meta.errors} />
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

export interface RegionOptions {
  provinces: { code: string; name: string }[];
  regencies: { code: string; name: string; provinceCode: string }[];
}

/**
 * Province and regency/city from Kemendagri's codes. Without JavaScript the regency list holds every
 * regency grouped by province; with it, only the chosen province's. The server checks they match.
 */
export function RegionFields({
  regions,
  province,
  regency,
}: {
  regions: RegionOptions;
  province: FieldMetadata<string>;
  regency: FieldMetadata<string>;
}) {
  const { t } = useT();
  const hydrated = useHydrated();
  const [provinceCode, setProvinceCode] = useState(String(province.initialValue ?? ""));
  const provinceProps = getSelectProps(province);
  const regencyProps = getSelectProps(regency);
  const groups = regions.provinces
    .filter((p) => !hydrated || p.code === provinceCode)
    .map((p) => ({ province: p, regencies: regions.regencies.filter((r) => r.provinceCode === p.code) }));

  return (
    <div className="field-row">
      <div className="field">
        <label htmlFor={province.id}>{t("field.province")}</label>
        <select {...provinceProps} key={provinceProps.key} onChange={(e) => setProvinceCode(e.currentTarget.value)}>
          <option value="">{t("field.choose")}</option>
          {regions.provinces.map((p) => (
            <option key={p.code} value={p.code}>
              {p.name}
            </option>
          ))}
        </select>
        <FieldErrors id={province.errorId} errors={province.errors} />
      </div>
      <div className="field">
        <label htmlFor={regency.id}>{t("field.regency")}</label>
        <select {...regencyProps} key={regencyProps.key}>
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
        <FieldErrors id={regency.errorId} errors={regency.errors} />
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
  return (
    <div className="field" role="group" aria-labelledby={`${meta.id}-label`}>
      <span className="label" id={`${meta.id}-label`}>
        {label}
      </span>
      <div className="checkbox-grid">
        {options.map((o) => (
          <label key={o.value} className="checkbox">
            <input {...getInputProps(meta, { type: "checkbox", value: o.value })} key={o.value} />
            {o.label}
          </label>
        ))}
      </div>
      <FieldErrors id={meta.errorId} errors={meta.errors} />
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
